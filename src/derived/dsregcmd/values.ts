import { normalizeHex } from '../../codes/hresult.js';
import type { FieldValue, TestResult, Validity } from './types.js';

/** Fields whose all-digit values are numbers (everything else stays a string: versions, names, ids). */
const NUMERIC_FIELDS = new Set(['https status', 'http status', 'workaccountcount']);

const RESULT_RE = /^(PASS|PASSED|FAIL|FAILED|SKIPPED|ERROR)(?:\s*\[([^\]]*)\]|\s*\(([^)]*)\)|\s+(0x[0-9A-Fa-f]{1,8}))?$/;
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))? UTC$/;
const VALIDITY_RE = /^\[\s*(.+?)\s+--\s+(.+?)\s*\]$/;

/** `2019-01-10 18:50:40.000 UTC` → `2019-01-10T18:50:40.000Z`; null when it is not such a timestamp or not a real date. */
export function parseUtcTimestamp(text: string): string | null {
  const m = TIMESTAMP_RE.exec(text.trim());
  if (!m) return null;
  const [, ys = '', mos = '', ds = '', hs = '', mis = '', ss = '', frac] = m;
  const y = Number(ys);
  const mo = Number(mos);
  const d = Number(ds);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || Number(hs) > 23 || Number(mis) > 59 || Number(ss) > 59) return null;
  // What Date#toISOString prints for this instant (a four-digit year), without building the Date.
  return `${ys}-${mos}-${ds}T${hs}:${mis}:${ss}.${(frac ?? '0').padEnd(3, '0')}Z`;
}

function daysIn(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** Reads `FAIL [0x801c0021/0x80072ee2]`, `PASS`, `ERROR (0xd0020017)`, `ERROR 0xd0020017`, `ERROR [UNKNOWN_ERROR]`. */
export function parseTestResult(text: string): TestResult | null {
  const m = RESULT_RE.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  const inner = (m[2] ?? m[3] ?? m[4] ?? '').trim();
  const result: TestResult = { result: m[1], codes: [] };
  if (inner === '') return result;
  const parts = inner.split(/\s*[/,]\s*|\s+/).filter((p) => p !== '');
  const codes = parts.map((p) => normalizeHex(p));
  if (codes.every((c): c is string => c !== null)) result.codes = codes;
  else result.detail = inner;
  return result;
}

function parseValidity(text: string): Validity | null {
  const m = VALIDITY_RE.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  return { from: parseUtcTimestamp(m[1]) ?? m[1], to: parseUtcTimestamp(m[2]) ?? m[2] };
}

/**
 * Types one field value. `name` decides a few cases: test lines (`… Test`, `KeySignTest`) always
 * become TestResult objects; a few known counters become numbers.
 */
export function typeValue(name: string, raw: string): FieldValue {
  const v = raw.trim();
  if (v === '') return '';
  if (v === 'YES') return true;
  if (v === 'NO') return false;
  // Each pattern below can only match from its first character: test that first (the parser's hot path).
  const first = v.charCodeAt(0);
  if (first === 0x50 || first === 0x46 || first === 0x53 || first === 0x45) {
    const test = parseTestResult(v); // PASS, FAIL, SKIPPED, ERROR
    if (test && (test.codes.length > 0 || test.detail !== undefined || /test$/i.test(name))) return test;
  }
  if (first === 0x30) {
    const hex = normalizeHex(v); // 0x…
    if (hex) return hex;
  }
  if (first >= 0x30 && first <= 0x39) {
    const ts = parseUtcTimestamp(v);
    if (ts) return ts;
  }
  const validity = first === 0x5b && v.length <= 200 ? parseValidity(v) : null; // [ … -- … ]
  if (validity) return validity;
  if (NUMERIC_FIELDS.has(name.toLowerCase()) && /^\d{1,9}$/.test(v)) return Number(v);
  return v;
}
