/**
 * LDIF (RFC 2849), pure: value encoding (base64 `attr:: ` for anything not a safe string), the change
 * file of a plan, and the parser for the content records of a backup. Comments never carry a raw
 * control character or newline, so a value from AD cannot start a record of its own.
 */
import { sanitizeInline } from '../util/sanitize.js';

/** SDK SD flags control (1.2.840.113556.1.4.801) with DACL_SECURITY_INFORMATION: BER SEQUENCE { INTEGER 4 }. */
export const SD_FLAGS_DACL_CONTROL_LINE = 'control: 1.2.840.113556.1.4.801 true:: MAMCAQQ=';

/** RFC 2849 SAFE-STRING: ASCII without NUL/LF/CR, not starting with space, colon or '<', not ending with a space. */
export function isSafeString(value: string): boolean {
  if (value === '') return true;
  // eslint-disable-next-line no-control-regex
  if (/[^\x01-\x09\x0b\x0c\x0e-\x7f]/.test(value)) return false;
  if (/^[ :<]/.test(value)) return false;
  return !value.endsWith(' ');
}

/** One `attr: value` line, base64 (`attr:: `) for binary and unsafe values. */
export function ldifLine(attr: string, value: string | Buffer): string {
  if (Buffer.isBuffer(value)) return `${attr}:: ${value.toString('base64')}`;
  return isSafeString(value) ? `${attr}: ${value}` : `${attr}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

export function ldifComment(text: string): string {
  return text.split('\n').map((line) => `# ${sanitizeInline(line)}`).join('\n');
}

export interface LdifRecord {
  dn: string;
  /** Attribute → values, in file order; base64 values decoded to Buffers when `binary` names the attribute, else UTF-8 text. */
  attributes: Map<string, Array<string | Buffer>>;
  /** The comment lines just before the record (without `# `). */
  comments: string[];
}

/** Unfolds continuation lines (a line starting with one space continues the previous one). */
function unfold(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith(' ') && out.length > 0) out[out.length - 1] += line.slice(1);
    else out.push(line);
  }
  return out;
}

function decodeValue(rest: string, binary: boolean): string | Buffer {
  if (rest.startsWith(':')) {
    const bytes = Buffer.from(rest.slice(1).trim(), 'base64');
    return binary ? bytes : bytes.toString('utf8');
  }
  return rest.replace(/^ /, '');
}

/** Parses LDIF content records (as a backup holds them). Throws on a line that is not `attr: value`. */
export function parseLdif(text: string, binaryAttributes: readonly string[] = []): LdifRecord[] {
  const binary = new Set(binaryAttributes.map((a) => a.toLowerCase()));
  const records: LdifRecord[] = [];
  let current: LdifRecord | null = null;
  let comments: string[] = [];
  for (const [i, line] of unfold(text).entries()) {
    if (line.trim() === '') {
      current = null;
      continue;
    }
    if (line.startsWith('#')) {
      comments.push(line.replace(/^# ?/, ''));
      continue;
    }
    const m = /^([A-Za-z][\w;-]*):(.*)$/.exec(line);
    if (!m) throw new Error(`line ${i + 1} is not an LDIF attribute line`);
    const attr = m[1] as string;
    const rest = m[2] as string;
    if (attr.toLowerCase() === 'version' && !current) continue;
    if (attr.toLowerCase() === 'dn' && !current) {
      current = { dn: String(decodeValue(rest, false)), attributes: new Map(), comments };
      comments = [];
      records.push(current);
      continue;
    }
    if (!current) throw new Error(`line ${i + 1}: an attribute before any dn`);
    const key = attr.toLowerCase();
    const values = current.attributes.get(key) ?? [];
    values.push(decodeValue(rest, binary.has(key)));
    current.attributes.set(key, values);
  }
  return records;
}
