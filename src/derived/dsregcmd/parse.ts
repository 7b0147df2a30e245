import { collectCodes, indexFields, deriveClientErrorCode, deriveContext, deriveDevice, deriveDiagnostics, deriveErrorPhase, deriveJoinState, deriveServerErrorCode, deriveServerResponse, deriveTenant } from './derive.js';
import { scanDsregcmd } from './scan.js';
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
 */
export function parseDsregcmdStatus(text: string): DsregcmdStatus {
  try {
    return parseUnsafe(typeof text === 'string' ? text : String(text));
  } catch (err) {
    return emptyStatus([`parser error: ${err instanceof Error ? err.message : String(err)}`]);
  }
}

/**
 * Bytes of a saved output → model (see decodeWindowsText for the encodings). When the encoding had
 * to be guessed from a legacy code page, a warning says which one, so wrong letters can be fixed
 * with an explicit encoding. Throws only for an unknown forced encoding.
 */
export function parseDsregcmdBytes(bytes: Uint8Array, options: DecodeOptions = {}): DsregcmdStatus {
  const decoded = decodeWindowsTextDetailed(bytes, options);
  const status = parseDsregcmdStatus(decoded.text);
  if (decoded.method === 'legacy-guess') {
    const note = `input is neither UTF-8 nor UTF-16: decoded as ${decoded.encoding} (a guess from its bytes); if names look wrong, give --encoding`;
    status.warnings = [...(status.warnings ?? []), note];
  }
  return status;
}

function parseUnsafe(text: string): DsregcmdStatus {
  const scan = scanDsregcmd(text);
  const warnings: string[] = [];
  // Null-prototype objects: titles and names come from the input ("__proto__" must stay a plain key).
  const sections: Sections = Object.create(null) as Sections;
  for (const s of scan.sections) {
    const fields = Object.create(null) as Record<string, FieldValue>;
    for (const f of s.fields) fields[f.name] = typeValue(f.name.endsWith(')') ? f.name.replace(/ \(\d+\)$/, '') : f.name, f.value);
    sections[s.title] = fields;
  }

  const fieldCount = scan.modernFields + scan.legacyFields;
  if (fieldCount === 0) warnings.push('no dsregcmd /status fields found');
  if (scan.endsInHeader !== null) warnings.push(`input ends right after the "${clip(scan.endsInHeader)}" header; it looks truncated`);
  if (scan.unrecognised.length > 0) {
    const examples = scan.unrecognised.slice(0, MAX_EXAMPLES).map((l) => `"${clip(l)}"`).join(', ');
    warnings.push(`${scan.unrecognised.length} line(s) not understood, e.g. ${examples}`);
  }

  const index = indexFields(sections);
  const { deviceName, deviceId } = deriveDevice(index);
  const { codes, notes } = collectCodes(sections);
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
