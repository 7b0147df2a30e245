/** Builders for `reg export` files of the client-side SCP key in tests. */
export const CDJ_KEY_LINE = '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD]';

/** The text `reg export` writes: header, key line, `"Name"="value"` lines (escaped), CRLF. */
export function regText(values: Record<string, string>, keyLine = CDJ_KEY_LINE, header = 'Windows Registry Editor Version 5.00'): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const lines = [header, '', keyLine, ...Object.entries(values).map(([k, v]) => `"${esc(k)}"="${esc(v)}"`), '', ''];
  return lines.join('\r\n');
}

/** The bytes `reg export` writes: UTF-16LE with a BOM. */
export function regExportBytes(values: Record<string, string>, keyLine?: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(regText(values, keyLine), 'utf16le')]);
}

/** REG_SZ as regedit writes it for odd strings: hex(1): UTF-16LE bytes with a terminating NUL. */
export function hex1(text: string): string {
  return `hex(1):${[...Buffer.from(`${text}\u0000`, 'utf16le')].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
}
