import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UserError } from '../util/errors.js';
import { validateConfig } from './validate.js';
import { stripJsonComments } from './jsonc.js';
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
    raw = JSON.parse(stripJsonComments(text));
  } catch (err) {
    // V8 quotes the text around the error (`..."snippet"... is not valid JSON`); the config may hold
    // proxy credentials, and none is registered as a secret yet, so the snippet is never echoed.
    const reason = (err as Error).message.replace(/,?\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
    throw new UserError(`config ${path} is not valid JSON: ${reason}`);
  }
  return validateConfig(raw, { baseDir: dirname(path) });
}
