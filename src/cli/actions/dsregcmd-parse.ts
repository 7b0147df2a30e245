import { decodeDsregcmdBytes } from '../../derived/dsregcmd/decode.js';
import { parseDsregcmdStatus } from '../../derived/dsregcmd/parse.js';
import { readDsregcmdInput } from './dsregcmd-input.js';

/** Pure: bytes of a dsregcmd /status output → the JSON text `dsregcmd parse` prints. */
export function parseToJson(bytes: Buffer): string {
  return `${JSON.stringify(parseDsregcmdStatus(decodeDsregcmdBytes(bytes)), null, 2)}\n`;
}

/** `dsregcmd parse [FILE|-]`: reads the file (or stdin), prints the model as JSON. */
export async function runDsregcmdParse(file: string | undefined): Promise<void> {
  const bytes = await readDsregcmdInput(file);
  process.stdout.write(parseToJson(bytes));
  process.exitCode = 0;
}
