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
  /** Names used so far and how often each base name appeared (for " (2)" suffixes). */
  used: Set<string>;
  seen: Map<string, number>;
}

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
const FIELD_NAME_RE = /^[A-Za-z][A-Za-z0-9 _-]{0,59}$/;
const NOISE_RES = [
  /^\s*(?:\*Evil-WinRM\*\s*)?(?:PS\s+)?[A-Za-z]:\\[^>]*?(?:>|&gt;)/, // shell prompt (also HTML-escaped)
  /^\s*For more information, please visit\b/i, // footer
  /^\s*Waiting for Diagnostics Task to complete/i,
  /^\s*```/, // markdown fence
  /^\s*Windows PowerShell\s*$/,
  /^\s*Copyright \(C\) Microsoft Corporation/i,
  /aka\.ms\/PSWindows/i,
];

interface FieldLine {
  name: string;
  value: string;
  legacy: boolean;
  colonCol: number;
}

function parseFieldLine(line: string): FieldLine | null {
  const colon = line.indexOf(':');
  if (colon <= 0) return null;
  const rawName = line.slice(0, colon);
  const name = rawName.trim();
  if (!FIELD_NAME_RE.test(name)) return null;
  let value = line.slice(colon + 1);
  // "https://…", "dsregcmd::wmain …": a colon that is not a field separator
  if (value !== '' && !/^\s/.test(value)) return null;
  value = value.trim();
  // Windows 10 1607 prints "KeySignTest: : MUST Run elevated to test."
  if (value === ':' || /^:\s/.test(value)) value = value.slice(1).trim();
  return { name, value, legacy: !/\s$/.test(rawName), colonCol: colon };
}

/** `| Device State      |` → `Device State` (the closing bar may be missing in cut-off text). */
function titleOf(line: string): string {
  let t = line.trim();
  if (t.startsWith('|')) t = t.slice(1);
  if (t.endsWith('|')) t = t.slice(0, -1);
  return t.trim();
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

function detectDoubleSpacing(lines: string[]): boolean {
  let nonBlank = 0;
  let followedByText = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (isBlank(l)) continue;
    nonBlank++;
    const next = lines[i + 1];
    if (next !== undefined && !isBlank(next)) followedByText++;
  }
  return nonBlank >= 6 && followedByText <= nonBlank * 0.05;
}

/**
 * Lines with tabs expanded and trailing blanks removed. `endsInOneSpace[i]` remembers a single cut
 * space: where dsregcmd's wrap falls on a space, it ends the line (padding from paste paths is
 * longer, or absent).
 */
export function splitLines(text: string): string[] & { endsInOneSpace: boolean[] } {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).map((l) => l.replace(/\t/g, '    '));
  const lines = raw.map((l) => l.trimEnd()) as string[] & { endsInOneSpace: boolean[] };
  lines.endsInOneSpace = raw.map((l, i) => l.length === (lines[i]?.length ?? 0) + 1);
  return lines;
}

export function scanDsregcmd(text: string): ScanResult {
  const lines = splitLines(text);
  const doubleSpaced = detectDoubleSpacing(lines);
  const sections: OpenSection[] = [];
  const byTitle = new Map<string, OpenSection>();
  const unrecognised: string[] = [];
  let modernFields = 0;
  let legacyFields = 0;
  let current: OpenSection | null = null;
  let lastField: RawField | null = null;
  let lastFieldColon = -1;
  let lastFieldIndented = false;
  let lastLineLong = false;
  let blanksSinceField = 0;
  let lastStructural: 'title' | 'border' | 'content' = 'content';
  let lastTitle: string | null = null;

  const sectionFor = (title: string): OpenSection => {
    let s = byTitle.get(title);
    if (!s) {
      s = { title, fields: [], used: new Set(), seen: new Map() };
      byTitle.set(title, s);
      sections.push(s);
    }
    return s;
  };

  let lastLineCutSpace = false;
  for (const [i, line] of lines.entries()) {
    const cutSpace = lastLineCutSpace;
    lastLineCutSpace = lines.endsInOneSpace[i] ?? false;
    if (isBlank(line)) {
      blanksSinceField++;
      continue;
    }
    if (BORDER_RE.test(line)) {
      lastField = null;
      lastStructural = lastStructural === 'title' ? 'title' : 'border';
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const title = titleOf(line);
      if (title !== '') {
        current = sectionFor(title);
        lastTitle = title;
        lastStructural = 'title';
      }
      lastField = null;
      continue;
    }
    if (NOISE_RES.some((re) => re.test(line))) {
      lastField = null;
      continue;
    }
    const gapOk = blanksSinceField === 0 || (doubleSpaced && blanksSinceField <= 1);
    const mayContinue = lastField !== null && lastLineLong && gapOk;
    const field = parseFieldLine(line);
    // A wrapped remainder starts at column 0 while real fields are right-aligned (indented). A
    // field-shaped line only counts as a remainder in that situation, and not when its colon lines
    // up with the previous field's (a 26-character name also starts at column 0).
    const continues =
      mayContinue && (field === null || (lastFieldIndented && !/^\s/.test(line) && field.colonCol !== lastFieldColon));
    if (continues && lastField) {
      // dsregcmd breaks at a column and adds nothing: the pieces join as they are, and a space the
      // break fell on (now cut from the end of one line or the start of the next) comes back
      lastField.value += `${cutSpace || /^\s/.test(line) ? ' ' : ''}${line.trim()}`;
      lastLineLong = line.length >= WRAP_MIN;
      blanksSinceField = 0;
      lastStructural = 'content';
      continue;
    }
    if (field) {
      if (!current) current = sectionFor(HEADERLESS_SECTION);
      let name = field.name;
      let n = current.seen.get(field.name) ?? 0;
      while (current.used.has(name)) name = `${field.name} (${++n + 1})`;
      current.seen.set(field.name, n);
      current.used.add(name);
      const f: RawField = { name, value: field.value };
      current.fields.push(f);
      if (field.legacy) legacyFields++;
      else modernFields++;
      lastField = f;
      lastFieldColon = field.colonCol;
      lastFieldIndented = /^\s/.test(line);
      lastLineLong = line.length >= WRAP_MIN;
      blanksSinceField = 0;
      lastStructural = 'content';
      continue;
    }
    unrecognised.push(line.trim());
    lastField = null;
    lastStructural = 'content';
  }

  const endsInHeader = lastStructural === 'title' && lastTitle !== null && (byTitle.get(lastTitle)?.fields.length ?? 0) === 0 ? lastTitle : null;
  return {
    sections: sections.map(({ title, fields }) => ({ title, fields })),
    modernFields,
    legacyFields,
    unrecognised,
    endsInHeader,
    doubleSpaced,
  };
}
