import type { DecodeOptions } from '../../derived/windows-text.js';
import { parseDsregcmdBytes } from '../../derived/dsregcmd/parse.js';
import { escapeJsonUnsafe } from '../../util/sanitize.js';
import { decodeOptionsFrom, readDsregcmdInput } from './dsregcmd-input.js';
import type { DsregcmdParseOptions } from '../commands/options.js';

/** Pure: bytes of a dsregcmd /status output → the JSON text `dsregcmd parse` prints. */
export function parseToJson(bytes: Buffer, options: DecodeOptions = {}): string {
  return `${escapeJsonUnsafe(JSON.stringify(parseDsregcmdBytes(bytes, options), null, 2))}\n`;
}

/** `dsregcmd parse [FILE|-] [--encoding NAME]`: reads the file (or stdin), prints the model as JSON. */
export async function runDsregcmdParse(file: string | undefined, opts: DsregcmdParseOptions = {}): Promise<void> {
  const decode = decodeOptionsFrom(opts);
  const bytes = await readDsregcmdInput(file);
  process.stdout.write(parseToJson(bytes, decode));
  process.exitCode = 0;
}
