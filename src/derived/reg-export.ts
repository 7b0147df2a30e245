/**
 * Parses the text of a `.reg` file (`reg export`, regedit): "Windows Registry Editor Version 5.00" or
 * "REGEDIT4", key lines `[HKEY_...\path]` (`[-...]` deletes a key), value lines `"Name"="text"`,
 * `"Name"=dword:…`, `"Name"=hex(n):…` (with `\` line continuations), `"Name"=-` (deletes a value).
 * Applies the lines in order, as an import would. Pure; never throws.
 */

export type RegType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY' | 'REG_NONE' | 'other';

export interface RegValue {
  /** The value name as written (`@` for the default value). */
  name: string;
  type: RegType;
  /** The string for REG_SZ / REG_EXPAND_SZ (hex(1)/hex(2) decoded), joined lines for REG_MULTI_SZ, else the raw data text. */
  data: string;
}

export interface RegExport {
  format: 'regedit5' | 'regedit4' | 'unknown';
  /** Keys in order of first appearance, with their values after the whole file was applied. */
  keys: Array<{ path: string; values: RegValue[] }>;
  /** Lines that are neither a key, a value, a comment nor blank (first few). */
  unparsed: string[];
}

const MAX_UNPARSED = 5;
const HEX_TYPES: Record<string, RegType> = { '0': 'REG_NONE', '1': 'REG_SZ', '2': 'REG_EXPAND_SZ', '3': 'REG_BINARY', '4': 'REG_DWORD', '7': 'REG_MULTI_SZ', 'b': 'REG_QWORD' };

/** Joins `\`-continued lines; drops a BOM. */
function logicalLines(text: string): string[] {
  const physical = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: string[] = [];
  let pending: string | null = null;
  for (const raw of physical) {
    const line: string = pending === null ? raw : pending + raw.trimStart();
    if (/^\s*"/.test(line) && /\\\s*$/.test(line) && /=\s*hex/i.test(line)) {
      pending = line.replace(/\\\s*$/, '');
      continue;
    }
    pending = null;
    out.push(line);
  }
  if (pending !== null) out.push(pending);
  return out;
}

/** Reads a quoted reg string starting at `start` (the opening quote): `\\` → `\`, `\"` → `"`. */
function readQuoted(line: string, start: number): { text: string; end: number } | null {
  let text = '';
  for (let i = start + 1; i < line.length; i++) {
    const ch = line[i] as string;
    if (ch === '\\' && i + 1 < line.length) {
      text += line[i + 1];
      i++;
    } else if (ch === '"') {
      return { text, end: i + 1 };
    } else {
      text += ch;
    }
  }
  return null;
}

function hexBytes(list: string): Buffer | null {
  const parts = list.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.some((p) => !/^[0-9a-f]{1,2}$/i.test(p))) return null;
  return Buffer.from(parts.map((p) => parseInt(p, 16)));
}

/** hex(1)/hex(2)/hex(7) data → text: UTF-16LE in regedit5, the ANSI code page (read as Latin-1) in REGEDIT4. */
function hexString(bytes: Buffer, format: RegExport['format']): string {
  const text = format === 'regedit4' ? bytes.toString('latin1') : bytes.subarray(0, bytes.length - (bytes.length % 2)).toString('utf16le');
  return text;
}

function parseData(data: string, format: RegExport['format']): { type: RegType; data: string } | null {
  const trimmed = data.trim();
  if (trimmed.startsWith('"')) {
    const q = readQuoted(trimmed, 0);
    return q ? { type: 'REG_SZ', data: q.text } : null;
  }
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(trimmed);
  if (dword) return { type: 'REG_DWORD', data: `0x${(dword[1] as string).toLowerCase()}` };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(trimmed);
  if (hex) {
    const type = hex[1] === undefined ? 'REG_BINARY' : (HEX_TYPES[hex[1].toLowerCase()] ?? 'other');
    const bytes = hexBytes(hex[2] as string);
    if (!bytes) return null;
    if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ' || type === 'REG_MULTI_SZ') {
      const parts = hexString(bytes, format).split('\u0000');
      while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
      return { type, data: type === 'REG_MULTI_SZ' ? parts.join('\n') : (parts[0] ?? '') };
    }
    return { type, data: bytes.toString('hex') };
  }
  return null;
}

type ValueLine = { name: string; remove: true } | { name: string; remove: false; type: RegType; data: string };

function parseValueLine(line: string, format: RegExport['format']): ValueLine | null {
  const trimmed = line.trim();
  let name: string;
  let rest: string;
  if (trimmed.startsWith('@')) {
    name = '@';
    rest = trimmed.slice(1);
  } else {
    const q = readQuoted(trimmed, 0);
    if (!q) return null;
    name = q.text;
    rest = trimmed.slice(q.end);
  }
  const eq = /^\s*=\s*/.exec(rest);
  if (!eq) return null;
  const data = rest.slice(eq[0].length);
  if (data.trim() === '-') return { name, remove: true };
  const parsed = parseData(data, format);
  return parsed ? { name, remove: false, ...parsed } : null;
}

export function parseRegExport(text: string): RegExport {
  const lines = logicalLines(text);
  const firstContent = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  const format: RegExport['format'] = /^Windows Registry Editor Version 5\.00$/i.test(firstContent) ? 'regedit5' : /^REGEDIT4$/i.test(firstContent) ? 'regedit4' : 'unknown';
  const keys = new Map<string, { path: string; values: Map<string, RegValue> }>();
  const unparsed: string[] = [];
  let current: { path: string; values: Map<string, RegValue> } | null = null;
  let headerSeen = false;
  for (const line of lines) {
    const t = line.trim();
    if (t === '' || t.startsWith(';')) continue;
    if (!headerSeen && format !== 'unknown' && t === firstContent) {
      headerSeen = true;
      continue;
    }
    const key = /^\[(-?)(.+)\]$/.exec(t);
    if (key) {
      const path = (key[2] as string).trim();
      const id = path.toLowerCase();
      if (key[1] === '-') {
        for (const k of [...keys.keys()]) if (k === id || k.startsWith(`${id}\\`)) keys.delete(k);
        current = null;
        continue;
      }
      current = keys.get(id) ?? { path, values: new Map() };
      keys.set(id, current);
      continue;
    }
    const value = current ? parseValueLine(t, format) : null;
    if (current && value) {
      // Value names are case-insensitive in the registry.
      if (value.remove) current.values.delete(value.name.toLowerCase());
      else current.values.set(value.name.toLowerCase(), { name: value.name, type: value.type, data: value.data });
      continue;
    }
    if (unparsed.length < MAX_UNPARSED) unparsed.push(t.slice(0, 200));
  }
  return { format, keys: [...keys.values()].map((k) => ({ path: k.path, values: [...k.values.values()] })), unparsed };
}
