import { normalizeHex } from '../../codes/hresult.js';
import { matchServerMessage } from '../../codes/server-messages.js';
import type { DiagnosticKey, DsregcmdStatus, ErrorPhase, FieldValue, InformationalCode, JoinState, RunContext, Sections, ServerResponse, TestResult } from './types.js';

/** Field name (lower-case) → every place it appears, in printed order. Built once per parse. */
export type FieldIndex = Map<string, Array<{ title: string; value: FieldValue }>>;

/** The field names (lower-case) the derive functions below look up: the only ones the index keeps. */
export const LOOKED_UP: ReadonlySet<string> = new Set(
  [
    'AzureAdJoined', 'DomainJoined', 'EnterpriseJoined', 'WorkplaceJoined', 'Error Phase', 'Client ErrorCode', 'Server ErrorCode',
    'Server Error Code', 'Server Message', 'Server Error Description', 'Https Status', 'HTTP status', 'User Context',
    'Executing Account Name', 'TenantId', 'TenantName', 'Device Name', 'DeviceId', 'AD Connectivity Test', 'AD Configuration Test',
    'DRS Discovery Test', 'DRS Connectivity Test', 'Kerberos Ticket Test', 'Token acquisition Test', 'KeySignTest',
  ].map((n) => n.toLowerCase()),
);

/** Printed name → its lower-case form; the same few hundred names recur in every capture of a fleet. */
const lowerCache = new Map<string, string>();
function lowerName(name: string): string {
  const hit = lowerCache.get(name);
  if (hit !== undefined) return hit;
  const lower = name.toLowerCase();
  if (lowerCache.size < 4096) lowerCache.set(name, lower);
  return lower;
}

export function indexFields(sections: Sections): FieldIndex {
  const index: FieldIndex = new Map();
  for (const title in sections) {
    const fields = sections[title];
    if (!fields) continue;
    for (const name in fields) {
      const key = lowerName(name);
      if (!LOOKED_UP.has(key)) continue;
      const value = fields[name];
      if (value === undefined) continue;
      const list = index.get(key);
      if (list) list.push({ title, value });
      else index.set(key, [{ title, value }]);
    }
  }
  return index;
}

/** First value of a field (case-insensitive name), looking in `prefer` sections first, then everywhere. */
export function findField(index: FieldIndex, name: string, prefer: string[] = [], onlyPreferred = false): FieldValue | undefined {
  const list = index.get(lowerName(name));
  if (!list) return undefined;
  for (const title of prefer) {
    const hit = list.find((e) => e.title === title);
    if (hit) return hit.value;
  }
  return onlyPreferred ? undefined : list[0]?.value;
}

function asBool(v: FieldValue | undefined): boolean | null {
  return typeof v === 'boolean' ? v : null;
}

function asText(v: FieldValue | undefined): string | null {
  if (v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

function isTestResult(v: FieldValue | undefined): v is TestResult {
  return typeof v === 'object' && v !== null && 'result' in v && Array.isArray((v as TestResult).codes);
}

/** Join state from the Device State flags (and WorkplaceJoined in User State). See docs of the truth table in DsregcmdStatus. */
export function deriveJoinState(index: FieldIndex): JoinState {
  const dev = ['Device State'];
  const azure = asBool(findField(index, 'AzureAdJoined', dev));
  const domain = asBool(findField(index, 'DomainJoined', dev));
  const enterprise = asBool(findField(index, 'EnterpriseJoined', dev));
  const workplace = asBool(findField(index, 'WorkplaceJoined', ['User State']));
  if (azure === true) {
    if (domain === true) return 'hybrid-joined';
    if (domain === false) return 'entra-joined';
    return 'unknown';
  }
  if (enterprise === true) return 'enterprise-joined';
  if (azure === false) {
    if (domain === true) return 'domain-joined';
    if (domain === false) return workplace === true ? 'entra-registered' : 'workgroup';
  }
  return 'unknown';
}

const PHASES: readonly ErrorPhase[] = ['pre-check', 'discover', 'auth', 'join'];

export function deriveErrorPhase(index: FieldIndex, warnings: string[]): ErrorPhase | null {
  const text = asText(findField(index, 'Error Phase', ['Diagnostic Data']));
  if (text === null) return null;
  const phase = PHASES.find((p) => p === text.trim().toLowerCase());
  if (!phase) warnings.push(`unrecognised Error Phase "${text.slice(0, 60)}"`);
  return phase ?? null;
}

function firstCode(v: FieldValue | undefined): string | null {
  if (typeof v !== 'string') return null;
  const hex = normalizeHex(v) ?? normalizeHex(/0x[0-9a-f]{1,8}\b/i.exec(v)?.[0] ?? '');
  return hex === null || hex === '0x00000000' ? null : hex;
}

export function deriveClientErrorCode(index: FieldIndex): string | null {
  return firstCode(findField(index, 'Client ErrorCode', ['Diagnostic Data']));
}

export function deriveServerErrorCode(index: FieldIndex): string | null {
  return asText(findField(index, 'Server ErrorCode', ['Diagnostic Data']));
}

/** Longest server message kept; real ones are one or two sentences. */
export const MAX_SERVER_MESSAGE = 500;

function bounded(text: string | null, max: number): string | null {
  if (text === null) return null;
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

const SERVER_FIELDS = {
  join: { section: 'Diagnostic Data', code: 'Server ErrorCode', message: 'Server Message', status: 'Https Status' },
  prt: { section: 'SSO State', code: 'Server Error Code', message: 'Server Error Description', status: 'HTTP status' },
} as const;

/** The service's answer printed in Diagnostic Data (`join`) or SSO State (`prt`), recognised against the server-message table. */
export function deriveServerResponse(index: FieldIndex, which: keyof typeof SERVER_FIELDS): ServerResponse | null {
  const f = SERVER_FIELDS[which];
  const errorCode = bounded(asText(findField(index, f.code, [f.section], true)), 100);
  const message = bounded(asText(findField(index, f.message, [f.section], true)), MAX_SERVER_MESSAGE);
  const status = findField(index, f.status, [f.section], true);
  const httpStatus = typeof status === 'number' ? status : null;
  if (errorCode === null && message === null) return null;
  const match = message === null ? null : matchServerMessage(message);
  const entry = match?.entry ?? null;
  return {
    errorCode,
    message,
    httpStatus,
    aadsts: match?.aadsts ?? null,
    explanation: entry && { id: entry.id, meaning: entry.meaning, cause: entry.cause, fix: entry.fix, source: entry.source },
  };
}

export function deriveContext(index: FieldIndex): RunContext | null {
  const ctx = asText(findField(index, 'User Context', ['Diagnostic Data']));
  if (ctx !== null) {
    if (/^\s*system\s*$/i.test(ctx) || /NT AUTHORITY\\SYSTEM/i.test(ctx)) return 'system';
    if (/un-?elevated/i.test(ctx)) return 'un-elevated';
    if (/elevated/i.test(ctx)) return 'elevated';
  }
  // Newer builds print who ran the tests; a computer account (NAME$) means the SYSTEM run.
  const account = asText(findField(index, 'Executing Account Name', ['Diagnostic Data', 'URL Specific Proxy Config']));
  if (account !== null) {
    const first = account.split(',')[0]?.trim() ?? '';
    if (/\$$/.test(first) || /NT AUTHORITY\\SYSTEM/i.test(first)) return 'system';
  }
  return null;
}

const DIAGNOSTIC_FIELDS: ReadonlyArray<[string, DiagnosticKey]> = [
  ['AD Connectivity Test', 'adConnectivity'],
  ['AD Configuration Test', 'adConfiguration'],
  ['DRS Discovery Test', 'drsDiscovery'],
  ['DRS Connectivity Test', 'drsConnectivity'],
  ['Kerberos Ticket Test', 'kerberosTicket'],
  ['Token acquisition Test', 'tokenAcquisition'],
  ['KeySignTest', 'keySign'],
];

export function deriveDiagnostics(index: FieldIndex): DsregcmdStatus['diagnostics'] {
  const out: DsregcmdStatus['diagnostics'] = {};
  for (const [field, key] of DIAGNOSTIC_FIELDS) {
    const v = findField(index, field, ['Diagnostic Data']);
    if (isTestResult(v)) out[key] = v;
  }
  return out;
}

export function deriveTenant(index: FieldIndex): DsregcmdStatus['tenant'] {
  const where = ['Tenant Details', 'Device State'];
  const id = asText(findField(index, 'TenantId', where, true));
  const name = asText(findField(index, 'TenantName', where, true));
  return id === null && name === null ? null : { id, name };
}

export function deriveDevice(index: FieldIndex): { deviceName: string | null; deviceId: string | null } {
  return {
    deviceName: asText(findField(index, 'Device Name', ['Device State'])),
    deviceId: asText(findField(index, 'DeviceId', ['Device Details', 'Device State'], true)),
  };
}

const CODE_FIELDS = /errorcode|attempt status|^http error$|status$/i;

/**
 * Codes dsregcmd prints in a field where they say nothing about registration. They stay visible as
 * notes and are kept out of `codes`, which diagnose and summarize count as the device's errors.
 * Seen in real captures [S29]; that they are harmless is inferred (facts section 6).
 */
const INFORMATIONAL: ReadonlyArray<{ field: RegExp; code: string; note: string }> = [
  {
    field: /^Auto Detect PAC Status$/i,
    code: '0x80072f94',
    note: 'WPAD found no PAC script (ERROR_WINHTTP_AUTODETECTION_FAILED): normal where no WPAD is published; not a registration error.',
  },
  {
    field: /^(WamDefaultSet|NgcPreReq)$/i,
    code: '0xd0020017',
    note: 'Printed when dsregcmd runs without a usable user (WAM) context, e.g. an admin or remote shell; not a device registration error.',
  },
];

function informationalNote(field: string, code: string): string | undefined {
  const base = field.replace(/ \(\d+\)$/, '');
  return INFORMATIONAL.find((i) => i.code === code && i.field.test(base))?.note;
}

/** Codes printed in one field: a test result's codes, a code-valued field, `code: 0x…` in text. */
function codesOf(name: string, v: FieldValue): string[] {
  if (isTestResult(v)) return v.codes;
  if (typeof v !== 'string') return [];
  // Both forms need a "0x": most values have none (the parser's hot path).
  if (!v.includes('0x') && !v.includes('0X')) return [];
  const out: string[] = [];
  if (CODE_FIELDS.test(name)) out.push(normalizeHex(v) ?? '');
  for (const m of v.matchAll(/\bcode:?\s*(0x[0-9a-f]{1,8})\b/gi)) out.push(normalizeHex(m[1] ?? '') ?? '');
  return out.filter((c) => c !== '' && c !== '0x00000000');
}

/**
 * Every non-zero code printed anywhere (test results, Client ErrorCode, Attempt Status, `code: 0x…`
 * in text), except the known-harmless ones, which become notes.
 */
export function collectCodes(sections: Sections): { codes: string[]; notes: InformationalCode[] } {
  const seen = new Set<string>();
  const notes: InformationalCode[] = [];
  for (const section in sections) {
    const fields = sections[section];
    for (const field in fields) {
      const v = fields[field];
      if (v === undefined || typeof v === 'boolean' || typeof v === 'number') continue;
      for (const code of codesOf(field, v)) {
        const note = informationalNote(field, code);
        if (note === undefined) seen.add(code);
        else if (!notes.some((n) => n.code === code && n.field === field && n.section === section)) notes.push({ section, field, code, note, source: 'S29' });
      }
    }
  }
  return { codes: [...seen], notes };
}
