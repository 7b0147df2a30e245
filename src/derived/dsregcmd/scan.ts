/**
 * Line scanner for `dsregcmd /status` text: turns lines into sections of raw `name → value` strings.
 * Knows the boxed section headers, both field layouts, wrapped long values and the usual noise
 * around pasted output (prompts, footer, PowerShell banner, code fences). Pure.
 */

export interface RawField {
  name: string;
  value: string;
}

export interface RawSection {
  title: string;
  fields: RawField[];
}

interface OpenSection extends RawSection {
  /** Names used so far and how often each base name appeared (for " (2)" suffixes; made at the first repeat). */
  used: Set<string>;
  seen: Map<string, number> | null;
  /** Field lines read into this section, kept or not (see Keep). */
  printed: number;
}

/** Which fields a scan keeps, by name as it ends up (with its " (2)" suffix): a reader of a few fields skips the others' values. */
export type Keep = (name: string) => boolean;

/** Where the scan points the last field when it was not kept: a wrapped remainder after it is dropped too. */
const SKIPPED: RawField = Object.freeze({ name: '', value: '' });

export interface ScanResult {
  sections: RawSection[];
  modernFields: number;
  legacyFields: number;
  /** Lines that were neither structure, fields, continuations nor known noise. */
  unrecognised: string[];
  /** Set when the text ends right after a section header or inside a box. */
  endsInHeader: string | null;
  /** True when every line was followed by an extra blank line (some paste paths do this). */
  doubleSpaced: boolean;
}

/** Title for fields printed before any section header (Windows 10 1607-era and partial pastes). */
export const HEADERLESS_SECTION = 'Device State';

/** dsregcmd hard-wraps long values at about 90 columns; a line at least this long may continue on the next. */
const WRAP_MIN = 80;

const BORDER_RE = /^\s*\+[-=+]{5,}\+?\s*$/;

/** What `\s` matches in a regular expression, for one UTF-16 code unit (cheaper than a regex per call). */
export function isSpaceCode(c: number): boolean {
  if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
/** The first character that is not `\s` (NaN when none), without allocating a trimmed copy. */
function firstNonSpace(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isSpaceCode(c)) return c;
  }
  return NaN;
}
/** `/^\s/.test(s)` */
const startsWithSpace = (s: string) => s.length > 0 && isSpaceCode(s.charCodeAt(0));
const FIELD_NAME_RE = /^[A-Za-z][A-Za-z0-9 _-]{0,59}$/;
/**
 * Console noise around pasted output, as two regular expressions (one test each per line, the scan's
 * hot path): case-sensitive ones, then case-insensitive ones.
 */
const NOISE_CASE_RE = new RegExp(
  [
    String.raw`^\s*(?:\*Evil-WinRM\*\s*)?(?:PS\s+)?[A-Za-z]:\\[^>]*?(?:>|&gt;)`, // shell prompt (also HTML-escaped)
    String.raw`^\s*${'```'}`, // markdown fence
    String.raw`^\s*Windows PowerShell\s*$`,
  ].join('|'),
);
const NOISE_ANYCASE_RE = new RegExp(
  [
    String.raw`^\s*For more information, please visit\b`, // footer
    String.raw`^\s*Waiting for Diagnostics Task to complete`,
    String.raw`^\s*Copyright \(C\) Microsoft Corporation`,
    String.raw`aka\.ms\/PSWindows`,
  ].join('|'),
  'i',
);
/** Cheap guards first: each noise pattern needs one of these characters (most lines are fields and have none). */
function isNoise(line: string, first: number): boolean {
  const prompt = first === 0x2a /* * */ || first === 0x60 /* ` */ || first === 0x57 /* W */ || line.includes(':\\');
  if (prompt && NOISE_CASE_RE.test(line)) return true;
  const anyCase = first === 0x46 || first === 0x66 || first === 0x57 || first === 0x77 || first === 0x43 || first === 0x63 || line.includes('/'); // F W C, or a URL
  return anyCase && NOISE_ANYCASE_RE.test(line);
}

export interface FieldLine {
  name: string;
  value: string;
  legacy: boolean;
  colonCol: number;
}

function parseFieldLine(line: string): FieldLine | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  // "https://…", "dsregcmd::wmain …": a colon that is not a field separator
  if (colon + 1 < line.length && !isSpaceCode(line.charCodeAt(colon + 1))) return null;
  // name and value as trim() would cut them, with one slice each
  let from = 0;
  while (from < colon && isSpaceCode(line.charCodeAt(from))) from++;
  let to = colon;
  while (to > from && isSpaceCode(line.charCodeAt(to - 1))) to--;
  const name = line.slice(from, to);
  if (!FIELD_NAME_RE.test(name)) return null;
  let vFrom = colon + 1;
  let vTo = line.length;
  while (vFrom < vTo && isSpaceCode(line.charCodeAt(vFrom))) vFrom++;
  while (vTo > vFrom && isSpaceCode(line.charCodeAt(vTo - 1))) vTo--;
  let value = line.slice(vFrom, vTo);
  // Windows 10 1607 prints "KeySignTest: : MUST Run elevated to test."
  if (value === ':' || /^:\s/.test(value)) value = value.slice(1).trim();
  return { name, value, legacy: !isSpaceCode(line.charCodeAt(colon - 1)), colonCol: colon };
}

/** `| Device State      |` → `Device State` (the closing bar may be missing in cut-off text). */
function titleOf(line: string): string {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.trim();
}

/** Lines come from splitLines, already trimmed at the end: a blank one is empty. */
function isBlank(line: string): boolean {
  return line.length === 0;
}

function detectDoubleSpacing(lines: string[]): boolean {
  return doubleSpacedBy(lines.length, (i) => isBlank(lines[i] ?? ''));
}

/** Every non-blank line followed by a blank one (at least 6 lines, 95 %): some paste paths do this. */
export function doubleSpacedBy(count: number, blank: (i: number) => boolean): boolean {
  let nonBlank = 0;
  let followedByText = 0;
  for (let i = 0; i < count; i++) {
    if (blank(i)) continue;
    nonBlank++;
    if (i + 1 < count && !blank(i + 1)) followedByText++;
  }
  return nonBlank >= 6 && followedByText <= nonBlank * 0.05;
}

/**
 * Lines with tabs expanded and trailing blanks removed. `endsInOneSpace[i]` remembers a single cut
 * space: where dsregcmd's wrap falls on a space, it ends the line (padding from paste paths is
 * longer, or absent).
 */
export function splitLines(text: string): string[] & { endsInOneSpace: boolean[] } {
  const bare = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = [] as unknown as string[] & { endsInOneSpace: boolean[] };
  const endsInOneSpace: boolean[] = [];
  // The breaks of `split(/\r\n|\r|\n/)`, found with indexOf (no regex, no intermediate array).
  let cr = bare.indexOf('\r');
  const tabs = bare.includes('\t');
  let start = 0;
  for (;;) {
    const lf = bare.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = bare.indexOf('\r', start);
    const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    const r = end < 0 ? bare.slice(start) : bare.slice(start, end);
    const l = tabs && r.includes('\t') ? r.replace(/\t/g, '    ') : r;
    const t = l.trimEnd();
    lines.push(t);
    endsInOneSpace.push(l.length === t.length + 1);
    if (end < 0) break;
    start = end === cr && lf === cr + 1 ? lf + 1 : end + 1;
  }
  lines.endsInOneSpace = endsInOneSpace;
  return lines;
}

/** Line-by-line state of one scan; `scanDsregcmdLines` and the offset scan (scan-fast.ts) drive it. */
export class Scanner {
  readonly sections: OpenSection[] = [];
  readonly byTitle = new Map<string, OpenSection>();
  readonly unrecognised: string[] = [];
  modernFields = 0;
  legacyFields = 0;
  private current: OpenSection | null = null;
  private lastField: RawField | null = null;
  private lastFieldColon = -1;
  private lastFieldIndented = false;
  private lastLineLong = false;
  blanksSinceField = 0;
  lastStructural: 'title' | 'border' | 'content' = 'content';
  lastTitle: string | null = null;

  constructor(
    private readonly doubleSpaced: boolean,
    private readonly keep?: Keep,
  ) {}

  private sectionFor(title: string): OpenSection {
    let s = this.byTitle.get(title);
    if (!s) {
      s = { title, fields: [], used: new Set(), seen: null, printed: 0 };
      this.byTitle.set(title, s);
      this.sections.push(s);
    }
    return s;
  }

  /** Borders, section titles and console noise: true when the line was one of them. */
  structural(line: string): boolean {
    const first = firstNonSpace(line);
    if (first === 0x2b /* + */ && BORDER_RE.test(line)) {
      this.border();
      return true;
    } else if (first === 0x7c /* | */) {
      this.title(titleOf(line));
      return true;
    } else if (!isNoise(line, first)) {
      return false;
    }
    this.lastField = null;
    return true;
  }

  /** A `| Title |` line, with its title ('' for a bare bar: no section, but still structure). */
  title(title: string): void {
    if (title !== '') {
      this.current = this.sectionFor(title);
      this.lastTitle = title;
      this.lastStructural = 'title';
    }
    this.lastField = null;
  }

  /** A box border line (`+-----…+`). */
  border(): void {
    this.lastStructural = this.lastStructural === 'title' ? 'title' : 'border';
    this.lastField = null;
  }

  /**
   * A wrapped remainder of the previous value? It starts at column 0 while real fields are
   * right-aligned (indented); a field-shaped line only counts as a remainder in that situation, and
   * not when its colon lines up with the previous field's (a 26-character name also starts at column 0).
   */
  continues(indented: boolean, colonCol: number | null): boolean {
    const gapOk = this.blanksSinceField === 0 || (this.doubleSpaced && this.blanksSinceField <= 1);
    if (this.lastField === null || !this.lastLineLong || !gapOk) return false;
    return colonCol === null || (this.lastFieldIndented && !indented && colonCol !== this.lastFieldColon);
  }

  /**
   * dsregcmd breaks at a column and adds nothing: the pieces join as they are, and a space the
   * break fell on (now cut from the end of one line or the start of the next) comes back.
   */
  appendToLast(line: string, cutSpace: boolean): void {
    if (!this.lastField) return;
    if (this.lastField !== SKIPPED) this.lastField.value += `${cutSpace || startsWithSpace(line) ? ' ' : ''}${line.trim()}`;
    this.contentLine(line.length);
  }

  /** Whether a field printed with this name is kept (the scan's Keep; all are without one). */
  wants(name: string): boolean {
    return this.keep === undefined || this.keep(name);
  }

  addField(indented: boolean, length: number, field: FieldLine): void {
    const name = this.nameField(field.name);
    this.fieldLine(name, this.wants(name) ? field.value : null, indented, length, field.legacy, field.colonCol);
  }

  /** The name a field printed as `printed` takes in the current section (" (2)" from its second time on), now used. */
  nameField(printed: string): string {
    const section = (this.current ??= this.sectionFor(HEADERLESS_SECTION));
    let name = printed;
    if (section.used.has(name)) {
      const seen = (section.seen ??= new Map());
      let n = seen.get(printed) ?? 0;
      while (section.used.has(name)) name = `${printed} (${++n + 1})`;
      seen.set(printed, n);
    }
    section.used.add(name);
    return name;
  }

  /**
   * A field line named by nameField, with its value when the field is kept; without (null), it still counts,
   * and a wrapped remainder after it is recognised (and dropped).
   */
  fieldLine(name: string, value: string | null, indented: boolean, length: number, legacy: boolean, colonCol: number): void {
    const section = this.current as OpenSection;
    let f = SKIPPED;
    if (value !== null) section.fields.push((f = { name, value }));
    section.printed++;
    if (legacy) this.legacyFields++;
    else this.modernFields++;
    this.lastField = f;
    this.lastFieldColon = colonCol;
    this.lastFieldIndented = indented;
    this.contentLine(length);
  }

  /** One non-blank line (trimmed at the end, tabs expanded), the general way: every kind of line. */
  line(line: string, cutSpace: boolean): void {
    if (this.structural(line)) return;
    const field = parseFieldLine(line);
    const indented = startsWithSpace(line);
    if (this.continues(indented, field?.colonCol ?? null)) this.appendToLast(line, cutSpace);
    else if (field) this.addField(indented, line.length, field);
    else this.unknown(line);
  }

  unknown(line: string): void {
    this.unrecognised.push(line.trim());
    this.lastField = null;
    this.lastStructural = 'content';
  }

  private contentLine(length: number): void {
    this.lastLineLong = length >= WRAP_MIN;
    this.blanksSinceField = 0;
    this.lastStructural = 'content';
  }
}

export function finishScan(scan: Scanner, doubleSpaced: boolean): ScanResult {
  const { lastStructural, lastTitle, byTitle } = scan;
  const endsInHeader = lastStructural === 'title' && lastTitle !== null && (byTitle.get(lastTitle)?.printed ?? 0) === 0 ? lastTitle : null;
  return {
    sections: scan.sections.map(({ title, fields }) => ({ title, fields })),
    modernFields: scan.modernFields,
    legacyFields: scan.legacyFields,
    unrecognised: scan.unrecognised,
    endsInHeader,
    doubleSpaced,
  };
}

/** The scan over a list of line strings (splitLines): the reference for the offset scan in scan-fast.ts, and the path for text with tabs. */
export function scanDsregcmdLines(text: string, keep?: Keep): ScanResult {
  const lines = splitLines(text);
  const doubleSpaced = detectDoubleSpacing(lines);
  const scan = new Scanner(doubleSpaced, keep);
  let lastLineCutSpace = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const cutSpace = lastLineCutSpace;
    lastLineCutSpace = lines.endsInOneSpace[i] ?? false;
    if (isBlank(line)) scan.blanksSinceField++;
    else scan.line(line, cutSpace);
  }
  return finishScan(scan, doubleSpaced);
}
