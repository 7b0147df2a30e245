import { readFile, stat } from 'node:fs/promises';
import type { ClientSideScpArtifact } from '../../artifacts/types.js';
import type { ForestSettings } from '../../config/settings.js';
import { decodeDsregcmdBytes } from '../../derived/dsregcmd/decode.js';
import { UserError } from '../../util/errors.js';

/** A real export of CDJ\AAD is a few hundred bytes; anything past these bounds is not kept. */
export const MAX_REG_FILE_BYTES = 1024 * 1024;
export const MAX_REG_TEXT_CHARS = 64 * 1024;

/**
 * Reads the forest's declared client-side SCP export (forests[].clientSideScp.regFile) as raw evidence:
 * decoded text only, parsed later in src/derived. An unreadable file is a one-line user error.
 */
export async function readClientSideScpFile(forest: ForestSettings): Promise<ClientSideScpArtifact | undefined> {
  const declared = forest.clientSideScp;
  if (!declared) return undefined;
  const fail = (why: string) => new UserError(`forest ${forest.name}: clientSideScp.regFile ${declared.regFile}: ${why}`);
  let bytes: Buffer;
  try {
    const st = await stat(declared.regFilePath);
    if (st.isDirectory()) throw fail('is a directory');
    if (st.size > MAX_REG_FILE_BYTES) throw fail(`larger than ${MAX_REG_FILE_BYTES} bytes; export only the CDJ\\AAD key`);
    bytes = await readFile(declared.regFilePath);
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw fail(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot read it'));
  }
  const text = decodeDsregcmdBytes(bytes);
  return { regFile: declared.regFile, bytes: bytes.length, text: text.slice(0, MAX_REG_TEXT_CHARS), truncated: text.length > MAX_REG_TEXT_CHARS };
}
