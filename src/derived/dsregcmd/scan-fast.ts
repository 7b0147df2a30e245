/**
 * The scan of `dsregcmd /status` text by line offsets: the same result as scanDsregcmdLines (scan.ts), which
 * stays the reference, without a string per line. Lines of the two common shapes, box borders and
 * `Name : value` fields, are read in place; every other line (titles, noise, wrapped remainders, odd fields)
 * is handed to the general line code as the same string splitLines would make. A fleet of tens of thousands
 * of captures is mostly those two shapes (see docs/performance.md). Pure: the caches below only save work.
 */
import { doubleSpacedBy, finishScan, isSpaceCode, Scanner, scanDsregcmdLines, type Keep, type ScanResult } from './scan.js';

/**
 * Field names met before, in slots by a hash of a few of their characters: every capture of
 * a fleet prints the same few hundred. A line whose characters equal a cached name's was read before, so its
 * name is not checked again character by character; the cached string is interned (its hash is kept).
 */
const NAME_SLOTS = 4096;
const knownNames: Array<string | undefined> = new Array<string | undefined>(NAME_SLOTS);

/** Line boundaries of the text being scanned, reused: start, end (trailing blanks cut), 1 when one space was cut. */
let bounds = new Int32Array(3 * 512);

/** The noise pattern that can sit inside a field-shaped line (the PowerShell banner's link). */
const BANNER_LINK_RE = /aka\.ms\/PSWindows/i;
const WAITING = 'waiting for diagnostics task to complete';

/** `keep`: the fields to keep (all without it): the others' values are not even cut out of the text. */
export function scanDsregcmd(text: string, keep?: Keep): ScanResult {
  if (text.includes('\t') || BANNER_LINK_RE.test(text)) return scanDsregcmdLines(text, keep);
  const count = splitBounds(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  const b = bounds;
  const doubleSpaced = doubleSpacedBy(count, (i) => b[3 * i] === b[3 * i + 1]);
  const scan = new Scanner(doubleSpaced, keep);
  let cut = false;
  for (let i = 0; i < count; i++) {
    const s = b[3 * i] as number;
    const e = b[3 * i + 1] as number;
    const cutSpace = cut;
    cut = b[3 * i + 2] === 1;
    if (s === e) scan.blanksSinceField++;
    else if (!lineInPlace(scan, text, s, e)) scan.line(text.slice(s, e), cutSpace);
  }
  return finishScan(scan, doubleSpaced);
}

/** The line breaks of splitLines (CRLF, CR, LF) as offsets into `bounds`; returns the number of lines. */
function splitBounds(text: string, from: number): number {
  let cr = text.indexOf('\r', from);
  let start = from;
  let n = 0;
  for (;;) {
    const lf = text.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
    const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    const raw = end < 0 ? text.length : end;
    let e = raw;
    while (e > start && isSpaceCode(text.charCodeAt(e - 1))) e--;
    if (3 * n + 3 > bounds.length) {
      const grown = new Int32Array(bounds.length * 2);
      grown.set(bounds);
      bounds = grown;
    }
    bounds[3 * n] = start;
    bounds[3 * n + 1] = e;
    bounds[3 * n + 2] = raw - e === 1 ? 1 : 0;
    n++;
    if (end < 0) return n;
    start = end === cr && lf === cr + 1 ? lf + 1 : end + 1;
  }
}

const isLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** `[A-Za-z0-9 _-]`: what FIELD_NAME_RE allows after the first letter. */
const isNameChar = (c: number) => isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0x5f || c === 0x2d;

/** A border or a plain field line, read in place; false when the line needs the general code. */
function lineInPlace(scan: Scanner, text: string, s: number, e: number): boolean {
  let p = s;
  while (isSpaceCode(text.charCodeAt(p))) p++;
  const first = text.charCodeAt(p);
  if (first === 0x2b /* + */) return borderInPlace(scan, text, p + 1, e);
  if (first === 0x7c /* | */) return titleInPlace(scan, text, p, e);
  if (!isLetter(first) || !fieldInPlace(text, s, p, e)) return false;
  const indented = p > s;
  if (scan.continues(indented, found.colonCol)) return false;
  const name = scan.nameField(found.name);
  scan.fieldLine(name, scan.wants(name) ? text.slice(found.valueFrom, e) : null, indented, e - s, found.legacy, found.colonCol);
  return true;
}

/** The remainder of the last border line read (after its first `+`): the next one is most often the same. */
let lastBorder = '';

/** `^\s*\+[-=+]{5,}\+?\s*$` on a line without trailing blanks: five or more of `-=+` after the first `+`, to the end. */
function borderInPlace(scan: Scanner, text: string, from: number, e: number): boolean {
  if (e - from !== lastBorder.length || text.slice(from, e) !== lastBorder) {
    let q = from;
    while (q < e) {
      const c = text.charCodeAt(q);
      if (c !== 0x2d && c !== 0x3d && c !== 0x2b) return false;
      q++;
    }
    if (q - from < 5) return false;
    lastBorder = interned(text, from, e);
  }
  scan.border();
  return true;
}

/** Title lines met before (from their bar to their end) → their titles: a fleet prints the same dozen. */
const knownTitleLines = new Map<string, string>();

/** `| Device State      |`, from its bar: what Scanner.structural does with a line whose first non-blank is `|` (titleOf). */
function titleInPlace(scan: Scanner, text: string, bar: number, e: number): boolean {
  const line = text.slice(bar, e);
  let title = knownTitleLines.get(line);
  if (title === undefined) {
    let to = e > bar + 1 && text.charCodeAt(e - 1) === 0x7c /* | */ ? e - 1 : e;
    let f = bar + 1;
    while (f < to && isSpaceCode(text.charCodeAt(f))) f++;
    while (to > f && isSpaceCode(text.charCodeAt(to - 1))) to--;
    title = f === to ? '' : interned(text, f, to);
    if (knownTitleLines.size < 256) knownTitleLines.set(interned(text, bar, e), title);
  }
  scan.title(title);
  return true;
}

/** The field line fieldInPlace read last: one object for every line (its value is cut out only when kept). */
const found = { name: '', valueFrom: 0, legacy: false, colonCol: 0 };

/**
 * What parseFieldLine (scan.ts) makes of a line whose first non-blank character (at `p`) is a letter, into
 * `found`; false when the general code has to decide. A field-shaped line cannot be a prompt (its colon is followed by a
 * blank), the footer or the copyright line (their text holds characters a name cannot); the banner's link is
 * ruled out for the whole text by the caller, and "Waiting for Diagnostics…" is checked here.
 */
function fieldInPlace(text: string, s: number, p: number, e: number): boolean {
  const colon = text.indexOf(':', p);
  if (colon < 0 || colon >= e) return false;
  if (colon + 1 < e && !isSpaceCode(text.charCodeAt(colon + 1))) return false;
  let to = colon;
  while (to > p && isSpaceCode(text.charCodeAt(to - 1))) to--;
  if (to - p > 60) return false;
  let name = cached(text, p, to);
  if (name === undefined) {
    if (!isFieldName(text, p, to)) return false;
    name = remember(text, p, to);
  }
  let v = colon + 1;
  while (v < e && isSpaceCode(text.charCodeAt(v))) v++;
  if (text.charCodeAt(v) === 0x3a /* : */) return false; // "KeySignTest: : MUST Run elevated…" (parseFieldLine)
  found.name = name;
  found.valueFrom = v;
  found.legacy = !isSpaceCode(text.charCodeAt(colon - 1));
  found.colonCol = colon - s;
  return true;
}

/** `[A-Za-z][A-Za-z0-9 _-]{0,59}`, and not the "Waiting for Diagnostics…" line (noise): a field name. */
function isFieldName(text: string, from: number, to: number): boolean {
  if (to - from > 60) return false;
  for (let i = from; i < to; i++) if (!isNameChar(text.charCodeAt(i))) return false;
  return !((text.charCodeAt(from) | 0x20) === 0x77 /* w */ && to - from >= WAITING.length && text.slice(from, from + WAITING.length).toLowerCase() === WAITING);
}

/** The slot of text[from, to): its length and five of its characters (names differ in their first and last ones). */
function slotOf(text: string, from: number, to: number): number {
  const n = to - from;
  let h = Math.imul(n, 0x9e3779b1);
  h = Math.imul(h ^ text.charCodeAt(from), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(from + 1), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(from + (n >> 1)), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(to - 2), 0x01000193);
  h = Math.imul(h ^ text.charCodeAt(to - 1), 0x01000193);
  return (h ^ (h >>> 15)) & (NAME_SLOTS - 1);
}

/** The cached name equal to text[from, to), if any (a slice and ===: several times faster than startsWith or a loop). */
function cached(text: string, from: number, to: number): string | undefined {
  const known = knownNames[slotOf(text, from, to)];
  return known !== undefined && known.length === to - from && text.slice(from, to) === known ? known : undefined;
}

/** text[from, to) as an interned string, cached in its slot (replacing whatever was there). */
function remember(text: string, from: number, to: number): string {
  const name = interned(text, from, to);
  knownNames[slotOf(text, from, to)] = name;
  return name;
}

/** A flat, interned copy of text[from, to) (a property key): it keeps nothing of `text` alive. */
function interned(text: string, from: number, to: number): string {
  return Object.keys({ [text.slice(from, to)]: 0 })[0] as string;
}
