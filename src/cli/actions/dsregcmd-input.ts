import { readFile, stat } from 'node:fs/promises';
import { isKnownEncoding, type DecodeOptions } from '../../derived/windows-text.js';
import { UserError } from '../../util/errors.js';
import { sanitizeInline } from '../../util/sanitize.js';
import { fsMessage } from '../../util/fs-errors.js';

/** Largest dsregcmd output we accept (real ones are a few KB; UTF-16 doubles that). */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/** Reads one file within the size bound; throws a plain Error with a short message on failure. */
export async function readBoundedFile(file: string, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    size = st.size;
  } catch (err) {
    throw new Error(fsMessage(err, Infinity));
  }
  if (size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
  try {
    const buf = await readFile(file);
    if (buf.length > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    return buf;
  } catch (err) {
    throw new Error(fsMessage(err, Infinity));
  }
}

/** Reads stdin to the end, refusing more than maxBytes. */
export async function readBoundedStdin(stdin: NodeJS.ReadableStream = process.stdin, maxBytes = MAX_INPUT_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    total += b.length;
    if (total > maxBytes) throw new UserError(`standard input is larger than ${maxBytes} bytes; is this really dsregcmd output?`);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** `FILE`, `-` or nothing (stdin) → bytes. Problems the user can fix become UserError (exit 2). */
export async function readDsregcmdInput(file: string | undefined): Promise<Buffer> {
  if (file === undefined || file === '-') {
    if (file === undefined && process.stdin.isTTY) {
      throw new UserError('no input: give a FILE, or pipe dsregcmd /status output in (use "-" for stdin)');
    }
    return readBoundedStdin();
  }
  try {
    return await readBoundedFile(file);
  } catch (err) {
    throw new UserError(`cannot read ${sanitizeInline(file)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** `--encoding NAME` → decoder options; an unknown name is a one-line user error (exit 2). */
export function decodeOptionsFrom(opts: { encoding?: unknown }): DecodeOptions {
  const name = opts.encoding;
  if (name === undefined) return {};
  if (typeof name !== 'string' || !isKnownEncoding(name)) {
    throw new UserError(`unknown --encoding "${sanitizeInline(String(name)).slice(0, 40)}" (use e.g. cp850, cp437, cp1252, utf-8, utf-16le)`);
  }
  return { encoding: name };
}
