import { collectCodes, indexFields, LOOKED_UP, deriveClientErrorCode, deriveContext, deriveDevice, deriveDiagnostics, deriveErrorPhase, deriveJoinState, deriveServerErrorCode, deriveServerResponse, deriveTenant } from './derive.js';
import type { Keep, RawField } from './scan.js';
import { scanDsregcmd } from './scan-fast.js';
import type { DsregcmdStatus, FieldValue, Sections } from './types.js';
import { typeValue } from './values.js';
import { decodeWindowsTextDetailed, type DecodeOptions } from '../windows-text.js';

export { decodeDsregcmdBytes } from './decode.js';
export { HEADERLESS_SECTION } from './scan.js';
export type * from './types.js';

const MAX_EXAMPLES = 3;

function emptyStatus(warnings: string[]): DsregcmdStatus {
  return {
    joinState: 'unknown',
    errorPhase: null,
    clientErrorCode: null,
    serverErrorCode: null,
    server: null,
    prtServer: null,
    context: null,
    layout: 'unknown',
    deviceName: null,
    deviceId: null,
    tenant: null,
    diagnostics: {},
    codes: [],
    sections: {},
    warnings,
  };
}

function clip(line: string): string {
  return line.length > 100 ? `${line.slice(0, 100)}…` : line;
}

/**
 * `dsregcmd /status` text → model. Pure and total: never throws, whatever the input.
 *
 * Sections keep their printed titles and fields their printed names (duplicates in one section
 * get ` (2)`, ` (3)`…). Fields printed before any section header (Windows 10 1607-era output,
 * partial pastes) go into a "Device State" section, where dsregcmd prints the join flags.
 * Values: YES/NO → boolean, test lines → `{ result, codes }`, lone hex → lower-case 0x + 8 digits,
 * `… UTC` timestamps → ISO-8601, `[ a -- b ]` → `{ from, to }`; anything else stays the printed string.
 *
 * `only` (lower-case field names) is for a reader of a few fields of tens of thousands of captures (the fleet
 * record, capture.ts): every line is scanned as always and every derived field is the same, but `sections`
 * keep only those fields and the ones the derived fields come from (every title stays), and `codes` stays
 * empty, without notes (collecting them reads every value).
 */
export function parseDsregcmdStatus(text: string, only?: ReadonlySet<string>): DsregcmdStatus {
  try {
    return parseUnsafe(typeof text === 'string' ? text : String(text), only);
  } catch (err) {
    return emptyStatus([`parser error: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

/**
 * Bytes of a saved output → model (see decodeWindowsText for the encodings). When the encoding had
 * to be guessed from a legacy code page, a warning says which one, so wrong letters can be fixed
 * with an explicit encoding. Throws only for an unknown forced encoding.
 */
export function parseDsregcmdBytes(bytes: Uint8Array, options: DecodeOptions = {}, only?: ReadonlySet<string>): DsregcmdStatus {
  const decoded = decodeWindowsTextDetailed(bytes, options);
  const status = parseDsregcmdStatus(decoded.text, only);
  if (decoded.method === 'legacy-guess') {
    const note = `input is neither UTF-8 nor UTF-16: decoded as ${decoded.encoding} (a guess from its bytes); if names look wrong, give --encoding`;
    status.warnings = [...(status.warnings ?? []), note];
  }
  return status;
}

/** Whether a printed field name is typed under `only`: one of its names or one the derivations read (LOOKED_UP). */
function keeps(only: ReadonlySet<string> | undefined): Keep | undefined {
  if (only === undefined) return undefined;
  let cache = keepCache.get(only);
  if (cache === undefined) keepCache.set(only, (cache = new Map()));
  const known = cache;
  return (name) => {
    let keep = known.get(name);
    if (keep === undefined) {
      const lower = name.toLowerCase();
      keep = only.has(lower) || LOOKED_UP.has(lower);
      if (known.size < 4096) known.set(name, keep);
    }
    return keep;
  };
}
const keepCache = new WeakMap<ReadonlySet<string>, Map<string, boolean>>();

/**
 * One section's fields, typed, as a null-prototype object. Built as an ordinary object and given its null
 * prototype at the end: V8 keeps it in fast mode with maps shared between captures (an Object.create(null)
 * object starts as a hash table, about twice as slow to fill). Field names start with a letter, so none is
 * an array index (the key order is insertion order either way); "__proto__" is defined, never assigned.
 */
function typedFields(raw: readonly RawField[]): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const f of raw) {
    const value = typeValue(f.name.endsWith(')') ? f.name.replace(/ \(\d+\)$/, '') : f.name, f.value);
    if (f.name === '__proto__') Object.defineProperty(fields, f.name, { value, enumerable: true, writable: true, configurable: true });
    else fields[f.name] = value;
  }
  return Object.setPrototypeOf(fields, null) as Record<string, FieldValue>;
}

function parseUnsafe(text: string, only: ReadonlySet<string> | undefined): DsregcmdStatus {
  const scan = scanDsregcmd(text, keeps(only));
  const warnings: string[] = [];
  // Null-prototype objects: titles and names come from the input ("__proto__" must stay a plain key).
  const sections: Sections = Object.create(null) as Sections;
  for (const s of scan.sections) sections[s.title] = typedFields(s.fields);

  const fieldCount = scan.modernFields + scan.legacyFields;
  if (fieldCount === 0) warnings.push('no dsregcmd /status fields found');
  if (scan.endsInHeader !== null) warnings.push(`input ends right after the "${clip(scan.endsInHeader)}" header; it looks truncated`);
  if (scan.unrecognised.length > 0) {
    const examples = scan.unrecognised.slice(0, MAX_EXAMPLES).map((l) => `"${clip(l)}"`).join(', ');
    warnings.push(`${scan.unrecognised.length} line(s) not understood, e.g. ${examples}`);
  }

  const index = indexFields(sections);
  const { deviceName, deviceId } = deriveDevice(index);
  const { codes, notes } = only === undefined ? collectCodes(sections) : { codes: [], notes: [] };
  const status: DsregcmdStatus = {
    joinState: deriveJoinState(index),
    errorPhase: deriveErrorPhase(index, warnings),
    clientErrorCode: deriveClientErrorCode(index),
    serverErrorCode: deriveServerErrorCode(index),
    server: deriveServerResponse(index, 'join'),
    prtServer: deriveServerResponse(index, 'prt'),
    context: deriveContext(index),
    layout: fieldCount === 0 ? 'unknown' : scan.legacyFields > scan.modernFields ? 'legacy' : 'modern',
    deviceName,
    deviceId,
    tenant: deriveTenant(index),
    diagnostics: deriveDiagnostics(index),
    codes,
    sections,
  };
  if (notes.length > 0) status.notes = notes;
  if (warnings.length > 0) status.warnings = warnings;
  return status;
}
