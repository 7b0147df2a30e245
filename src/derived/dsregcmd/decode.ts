import { decodeWindowsText, type DecodeOptions } from '../windows-text.js';

/**
 * Bytes of a saved `dsregcmd /status` output → text: UTF-16LE/BE (with or without BOM), UTF-8
 * (with or without BOM) or a legacy console code page. A thin wrapper kept for callers that
 * predate the shared decoder in ../windows-text.ts.
 */
export function decodeDsregcmdBytes(buf: Buffer | Uint8Array, options: DecodeOptions = {}): string {
  return decodeWindowsText(buf, options);
}
