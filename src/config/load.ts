import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../util/errors.js';
import { validateConfig } from './validate.js';
import { parseJsonc } from './jsonc.js';
import type { Settings } from './settings.js';

const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads and validates a JSON config file. Every problem is a one-line UserError. */
export async function loadConfigFile(path: string): Promise<Settings> {
  let text: string;
  try {
    const buf = await readFile(path);
    if (buf.length > MAX_CONFIG_BYTES) throw new UserError(`config ${path}: larger than 1 MiB`);
    text = buf.toString('utf8').replace(/^\uFEFF/, '');
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read config ${path}: ${code === 'ENOENT' ? 'no such file' : (code ?? String(err))}`);
  }
  let raw: unknown;
  try {
    raw = parseJsonc(text);
  } catch (err) {
    if (err instanceof UserError) throw err;
    // The reason names line, column and the kind of error, never the text: it may hold proxy credentials.
    throw new UserError(`config ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return validateConfig(raw, { baseDir: dirname(path) });
}
