import { CATALOG } from './catalog.js';
import type { CodeEntry } from './types.js';
import { editDistance } from './distance.js';
import { facilityOf, hexToSigned, hexToUnsigned, low16Of, normalizeHex, toHex } from './hresult.js';

/** One code read from user input. `hex` is null only for a symbolic name the catalog does not know. */
export interface ParsedCode {
  /** The piece of input this came from, trimmed. */
  input: string;
  hex: string | null;
  /** Signed 32-bit view. */
  decimal: number | null;
  unsigned: number | null;
  /** How the input was read. */
  via: 'hex' | 'decimal' | 'name';
  /** Set when the input was ambiguous and we picked a reading. */
  note?: string;
}

export type NormalizeResult = { ok: true; codes: ParsedCode[] } | { ok: false; reason: string };

const BY_HEX = new Map<string, CodeEntry>(CATALOG.map((e) => [e.hex, e]));
const BY_NAME = new Map<string, CodeEntry>();
for (const e of CATALOG) {
  for (const n of [e.name, ...(e.aliases ?? [])]) {
    if (n && !BY_NAME.has(n.toUpperCase())) BY_NAME.set(n.toUpperCase(), e);
  }
}

/** Symbolic names look like ERROR_FILE_NOT_FOUND / E_INVALIDDATA: word characters with at least one underscore. */
const NAME_RE = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$/;

function fromUnsigned(input: string, unsigned: number, via: ParsedCode['via'], note?: string): ParsedCode {
  const hex = toHex(unsigned);
  return { input, hex, decimal: hexToSigned(hex), unsigned: unsigned >>> 0, via, ...(note ? { note } : {}) };
}

function parseOne(raw: string): ParsedCode | string {
  const s = raw.trim();
  if (s === '') return 'empty code';
  if (/^[+-]?\d+$/.test(s)) {
    // Eight digits starting with 8 or 9 are almost certainly hex with the 0x dropped: a decimal
    // HRESULT with the error bit set has ten digits or a minus sign.
    if (/^[89]\d{7}$/.test(s)) {
      return fromUnsigned(s, parseInt(s, 16), 'hex', `read "${s}" as hexadecimal; write 0x${s} or a signed decimal to be explicit`);
    }
    const n = Number(s);
    if (!Number.isSafeInteger(n) || n < -0x80000000 || n > 0xffffffff) return `"${s}" is outside the 32-bit range`;
    return fromUnsigned(s, n >>> 0, 'decimal');
  }
  const hex = /^(?:0x)?([0-9a-f]+)$/i.exec(s);
  if (hex?.[1] !== undefined && (/^0x/i.test(s) || /[a-f]/i.test(s))) {
    const digits = hex[1].replace(/^0+(?=[0-9a-f])/i, '');
    if (digits.length > 8) return `"${s}" is longer than 32 bits`;
    return fromUnsigned(s, parseInt(digits, 16), 'hex');
  }
  if (NAME_RE.test(s)) {
    const entry = BY_NAME.get(s.toUpperCase());
    if (!entry) return { input: s, hex: null, decimal: null, unsigned: null, via: 'name' };
    return { input: s, hex: entry.hex, decimal: entry.decimal, unsigned: hexToUnsigned(entry.hex), via: 'name' };
  }
  return `"${s}" is not a hex code, a decimal code or a symbolic name`;
}

/**
 * Reads a code the way people paste them: `0x801C001D`, `801c001d`, `-2145648611`, `2149318685`,
 * `DSREG_AUTOJOIN_ADCONFIG_READ_FAILED` (any case), or a `top/sub` pair such as `0x801c0021/0x80072ee2`
 * (optionally inside `[...]` or after `FAIL`, as dsregcmd prints them).
 */
export function normalizeCode(input: string): NormalizeResult {
  let s = String(input).trim();
  const wrapped = /^(?:FAIL\s*)?\[(.*)\]$/i.exec(s);
  if (wrapped?.[1] !== undefined) s = wrapped[1].trim();
  if (s === '') return { ok: false, reason: 'no code given' };
  const parts = s.split('/');
  if (parts.length > 2) return { ok: false, reason: 'expected one code or a top/sub pair' };
  const codes: ParsedCode[] = [];
  for (const part of parts) {
    const r = parseOne(part);
    if (typeof r === 'string') return { ok: false, reason: r };
    codes.push(r);
  }
  return { ok: true, codes };
}

/** The catalog entry for a code (any hex spelling), or undefined. */
export function lookupCode(hex: string): CodeEntry | undefined {
  const h = normalizeHex(hex.startsWith('0x') || hex.startsWith('0X') ? hex : `0x${hex}`);
  return h ? BY_HEX.get(h) : undefined;
}

/** The catalog entry for a symbolic name or alias (case-insensitive), or undefined. */
export function lookupName(name: string): CodeEntry | undefined {
  return BY_NAME.get(name.trim().toUpperCase());
}

/** Short one-line text for renderers: `NAME — meaning` (or `0x… — meaning` when the code has no public name). */
export function describeCode(hex: string): string {
  const entry = lookupCode(hex);
  const h = normalizeHex(hex.startsWith('0x') || hex.startsWith('0X') ? hex : `0x${hex}`) ?? hex;
  if (!entry) return `${h} — not in the catalog`;
  return `${entry.name ?? entry.hex} — ${entry.meaning}`;
}

export interface NearMatch {
  entry: CodeEntry;
  /** Why we think it is related, for people. */
  reason: string;
}

function numericMatches(unsigned: number, hex: string): Array<NearMatch & { score: number }> {
  const out: Array<NearMatch & { score: number }> = [];
  const low = low16Of(unsigned);
  const fac = facilityOf(unsigned);
  const small = unsigned <= 0xffff;
  for (const e of CATALOG) {
    if (e.hex === hex) continue;
    const u = hexToUnsigned(e.hex);
    if (low16Of(u) === low && (small || low !== 0)) {
      const reason = small
        ? `Win32/WinINet error ${unsigned} wrapped as an HRESULT`
        : `same low 16 bits (0x${low.toString(16).padStart(4, '0')} = ${low})`;
      out.push({ entry: e, reason, score: small ? 100 : 90 });
      continue;
    }
    if (!small && facilityOf(u) === fac && u >>> 31 === unsigned >>> 31) {
      const diff = Math.abs(low16Of(u) - low);
      if (diff <= 4) {
        out.push({ entry: e, reason: `same facility, ${diff} away`, score: 70 - diff });
        continue;
      }
      if (editDistance(e.hex, hex, 1) > 1) {
        // Weak hint: same facility (e.g. another DSREG 0x801c… code), closest numbers first.
        out.push({ entry: e, reason: 'same facility', score: 20 - (diff / 0x10000) * 10 });
        continue;
      }
    }
    if (editDistance(e.hex, hex, 1) <= 1) out.push({ entry: e, reason: 'one hex digit different', score: 50 });
  }
  return out;
}

function nameMatches(name: string): Array<NearMatch & { score: number }> {
  const upper = name.toUpperCase();
  const out: Array<NearMatch & { score: number }> = [];
  const seen = new Set<string>();
  for (const e of CATALOG) {
    for (const n of [e.name, ...(e.aliases ?? [])]) {
      if (!n || seen.has(e.hex)) continue;
      const max = Math.max(2, Math.floor(upper.length / 5));
      const d = editDistance(upper, n.toUpperCase(), max);
      if (d <= max) {
        out.push({ entry: e, reason: `similar name (${n})`, score: 80 - d });
        seen.add(e.hex);
      } else if (upper.length >= 5 && (n.toUpperCase().includes(upper) || upper.includes(n.toUpperCase()))) {
        out.push({ entry: e, reason: `name contains "${upper.length < n.length ? name : n}"`, score: 40 });
        seen.add(e.hex);
      }
    }
  }
  return out;
}

/**
 * Catalog entries close to an input we could not find: same low 16 bits (the same WinINet/Win32
 * number under another facility), a nearby number in the same facility, a one-digit typo, or a
 * similar symbolic name. Best first, at most `limit`.
 */
export function suggestNear(input: string, limit = 5): NearMatch[] {
  const parsed = normalizeCode(input);
  const scored: Array<NearMatch & { score: number }> = [];
  if (parsed.ok) {
    for (const c of parsed.codes) {
      if (c.hex !== null && c.unsigned !== null) scored.push(...numericMatches(c.unsigned, c.hex));
      else scored.push(...nameMatches(c.input));
    }
  } else {
    scored.push(...nameMatches(String(input).trim()));
  }
  const best = new Map<string, NearMatch & { score: number }>();
  for (const m of scored) {
    const prev = best.get(m.entry.hex);
    if (!prev || prev.score < m.score) best.set(m.entry.hex, m);
  }
  return [...best.values()]
    .sort((a, b) => b.score - a.score || a.entry.hex.localeCompare(b.entry.hex))
    .slice(0, limit)
    .map(({ entry, reason }) => ({ entry, reason }));
}
