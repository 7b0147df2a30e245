import type { DecodeOptions } from '../windows-text.js';
import { parseDsregcmdBytes, parseDsregcmdStatus } from './parse.js';
import type { DsregcmdStatus, ErrorPhase, FieldValue, JoinState } from './types.js';

/**
 * One `dsregcmd /status` capture reduced to what a fleet summary keeps: who the device is, its state,
 * when the capture was taken, and which proxy path SYSTEM uses. Every string is detached from the
 * capture's text (V8 keeps a whole file alive behind a substring of it), so a fleet of tens of
 * thousands of devices holds only these few fields per device.
 */
export interface Capture {
  /** Entra DeviceId (lower-case), when the capture prints one (joined devices). */
  deviceId: string | null;
  /** Short host name, lower-case: the key part of devices without a DeviceId. */
  host: string | null;
  /** Display name: Device Name (FQDN) when printed, else the host name or the source's name. */
  name: string;
  /** DNS domain (lower-case) when the capture shows one (Device Name FQDN, computer account UPN). */
  dnsDomain: string | null;
  /** NetBIOS domain name (`DomainName`), upper-case. */
  netbios: string | null;
  joinState: JoinState;
  errorPhase: ErrorPhase | null;
  clientErrorCode: string | null;
  /** Client ErrorCode and, when a failing test printed one under it, the sub-code: `0x801c0021/0x80072ee2`. */
  codePair: string | null;
  /** `Client Time` (ms since epoch), printed by the pre-join diagnostics. */
  clientTime: number | null;
  /** The file's modification time (ms since epoch), or the archive entry's. */
  fileTime: number;
  /** Where it came from: a path, `archive.zip!entry.txt` or `export.csv#row`. */
  source: string;
  /** SYSTEM's proxy path from the proxy sections: `direct`, `http://host:port`, `pac:URL`; null when not printed. */
  proxy: string | null;
  /** The text was cut (a 2,048-character export field): the fields after the cut are unknown. */
  cut: boolean;
  /** False when the cut fell before the end of Diagnostic Data: whether the device has an error is not known. */
  errorKnown: boolean;
}

/**
 * The printed fields the record reads (besides the model's derived fields). The fleet's parse types only these
 * (parseDsregcmdStatus's `only`), so every read below goes through `printed` with one of these names.
 */
const RECORD_FIELDS = ['AzureAdJoined', 'DomainJoined', 'DomainName', 'Client ErrorCode', 'Client Time', 'Executing Account Name', 'Access Type', 'Proxy Server List', 'Auto-Configuration URL'] as const;
type RecordField = (typeof RECORD_FIELDS)[number];
const ONLY: ReadonlySet<string> = new Set(RECORD_FIELDS.map((n) => n.toLowerCase()));

function printed(status: DsregcmdStatus, section: string, name: RecordField): FieldValue | undefined {
  return status.sections[section]?.[name];
}

/** A cut capture still tells its error when Diagnostic Data printed its Client ErrorCode or ended before the cut. */
function errorKnownOf(status: DsregcmdStatus, cut: boolean): boolean {
  if (!cut) return true;
  const titles = Object.keys(status.sections);
  const at = titles.indexOf('Diagnostic Data');
  return at >= 0 && (at < titles.length - 1 || printed(status, 'Diagnostic Data', 'Client ErrorCode') !== undefined);
}

/** A copy of a string that does not point into the text it was cut from. */
export function detach(s: string): string {
  return s.length < 13 ? s : JSON.parse(JSON.stringify(s)) as string;
}

const interned = new Map<string, string>();
/** Values from small sets (codes, states, proxies) are shared between devices. */
function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  const own = detach(s);
  if (interned.size < 10_000) interned.set(own, own);
  return own;
}

function text(v: FieldValue | undefined): string | null {
  if (typeof v !== 'string') return null;
  const t = v.trim();
  return t === '' ? null : t;
}

function field(status: DsregcmdStatus, section: string, name: RecordField): string | null {
  return text(printed(status, section, name));
}

const HOST_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;
const DOMAIN_RE = /^[a-z0-9][a-z0-9-]{0,62}(\.[a-z0-9][a-z0-9-]{0,62})+$/;

/** `DOMAIN\HOST$, HOST$@dns.domain` (Executing Account Name of a SYSTEM run) → host and DNS domain. */
function computerAccount(status: DsregcmdStatus): { host: string | null; dnsDomain: string | null } {
  const account = field(status, 'Diagnostic Data', 'Executing Account Name') ?? field(status, 'URL Specific Proxy Config', 'Executing Account Name');
  const m = account === null ? null : /([A-Za-z0-9_-]{1,63})\$@([A-Za-z0-9.-]{1,253})/.exec(account);
  if (!m?.[1] || !m[2]) return { host: null, dnsDomain: null };
  const domain = m[2].toLowerCase();
  return { host: m[1].toLowerCase(), dnsDomain: DOMAIN_RE.test(domain) ? domain : null };
}

/** Host and DNS domain from `Device Name` (an FQDN on newer builds, a bare name on some). */
function deviceName(name: string | null): { host: string | null; dnsDomain: string | null } {
  if (name === null) return { host: null, dnsDomain: null };
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  const host = dot < 0 ? lower : lower.slice(0, dot);
  const domain = dot < 0 ? null : lower.slice(dot + 1);
  return { host: HOST_RE.test(host) ? host : null, dnsDomain: domain !== null && DOMAIN_RE.test(domain) ? domain : null };
}

/** `pc-01_2026-11-03.txt`, `PC-01-20261103T0405.txt` → `pc-01`: collection scripts add a date to the file name. */
export function hostFromSourceName(base: string): string {
  const noExt = base.replace(/\.(txt|log|out)$/i, '');
  return noExt.replace(/[_. -]+(\d{4}-?\d{2}-?\d{2})([T_. -]?\d{2}[-:]?\d{2}([-:]?\d{2})?)?$/i, '') || noExt;
}

/** `proxy:8080`, `http=proxy:80;https=proxy2:8443`, `http://proxy:8080/` → `http://proxy:8080` (https entry first). */
export function normalizeProxyServer(list: string): string | null {
  const entries = list.split(/[;\s]+/).filter((e) => e !== '');
  const pick = entries.find((e) => /^https=/i.test(e)) ?? entries.find((e) => !/^[a-z]+=/i.test(e)) ?? entries[0];
  if (pick === undefined) return null;
  const bare = pick.replace(/^[a-z]+=/i, '').replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  if (!/^[a-z0-9.[\]:_-]{1,260}$/.test(bare)) return null;
  return `http://${bare}`;
}

/**
 * The proxy path dsregcmd's SYSTEM run goes by, read from the proxy sections (facts 2.11): the WinHTTP
 * default proxy when it names one, else the System account's PAC URL or proxy list, else direct
 * when the WinHTTP section says DIRECT. null when the capture has no proxy section (not observed).
 */
export function systemProxyPath(status: DsregcmdStatus): string | null {
  const winhttp = 'WinHttp Default Proxy Config';
  const system = 'IE Proxy Config for System Account';
  if (status.sections[winhttp] === undefined && status.sections[system] === undefined) return null;
  const access = field(status, winhttp, 'Access Type');
  const winhttpList = field(status, winhttp, 'Proxy Server List');
  if (winhttpList !== null && !/^direct/i.test(access ?? '')) {
    const p = normalizeProxyServer(winhttpList);
    if (p !== null) return p;
  }
  const pac = field(status, system, 'Auto-Configuration URL');
  if (pac !== null && pac.length <= 500) return `pac:${pac}`;
  const systemList = field(status, system, 'Proxy Server List');
  if (systemList !== null) {
    const p = normalizeProxyServer(systemList);
    if (p !== null) return p;
  }
  return access !== null && /^direct/i.test(access) ? 'direct' : null;
}

/** The client code with the sub-code a failing test printed under it (`FAIL [0x801c0021/0x80072ee2]`). */
function codePairOf(status: DsregcmdStatus): string | null {
  const top = status.clientErrorCode;
  if (top === null) return null;
  for (const t of Object.values(status.diagnostics)) {
    if (t && t.codes[0] === top && t.codes[1] !== undefined) return `${top}/${t.codes[1]}`;
  }
  return top;
}

function timeOf(status: DsregcmdStatus): number | null {
  const v = field(status, 'Diagnostic Data', 'Client Time');
  if (v === null) return null;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? null : ms;
}

/** True when the text is a dsregcmd /status capture at all: it prints the join flags or the diagnostics' verdict. */
export function isDsregcmdCapture(status: DsregcmdStatus): boolean {
  if (status.layout === 'unknown') return false;
  return printed(status, 'Device State', 'AzureAdJoined') !== undefined || printed(status, 'Device State', 'DomainJoined') !== undefined || printed(status, 'Diagnostic Data', 'Client ErrorCode') !== undefined;
}

export interface CaptureSource {
  /** Path (or archive/row name) shown to the user. */
  source: string;
  /** The base name used when the capture names no device (file name, CSV device column). */
  fallbackName: string;
  fileTime: number;
  cut?: boolean;
}

/** Parsed capture → the compact record the fleet keeps. Pure. */
export function toCapture(status: DsregcmdStatus, from: CaptureSource): Capture {
  const printed = status.deviceName;
  const byName = deviceName(printed);
  const byAccount = computerAccount(status);
  const netbios = field(status, 'Device State', 'DomainName');
  const fallback = hostFromSourceName(from.fallbackName).toLowerCase();
  const host = byName.host ?? byAccount.host ?? (HOST_RE.test(fallback) ? fallback : null);
  const deviceId = status.deviceId !== null && /^[0-9a-f-]{36}$/i.test(status.deviceId) ? status.deviceId.toLowerCase() : null;
  const proxy = systemProxyPath(status);
  const pair = codePairOf(status);
  return {
    deviceId: deviceId === null ? null : detach(deviceId),
    host: host === null ? null : detach(host),
    name: detach(printed ?? host ?? from.fallbackName),
    dnsDomain: intern(byName.dnsDomain ?? byAccount.dnsDomain ?? '') || null,
    netbios: netbios === null ? null : intern(netbios.toUpperCase()),
    joinState: status.joinState,
    errorPhase: status.errorPhase,
    clientErrorCode: status.clientErrorCode === null ? null : intern(status.clientErrorCode),
    codePair: pair === null ? null : intern(pair),
    clientTime: timeOf(status),
    fileTime: from.fileTime,
    source: from.source,
    proxy: proxy === null ? null : intern(proxy),
    cut: from.cut ?? false,
    errorKnown: errorKnownOf(status, from.cut ?? false),
  };
}

/**
 * Text of one capture → its record, or null when it is no dsregcmd /status output. The parse types only
 * the fields the record reads (RECORD_FIELDS): the record is the same as toCapture of the whole model
 * (test/unit/dsregcmd/capture-parse.test.ts), for much less of the parse's work over a fleet.
 */
export function captureOfText(text: string, from: CaptureSource): Capture | null {
  return recordOf(parseDsregcmdStatus(text, ONLY), from);
}

/** Bytes of one capture (any encoding the parser reads) → its record, or null (see captureOfText). */
export function captureOfBytes(bytes: Uint8Array, decode: DecodeOptions, from: CaptureSource): Capture | null {
  return recordOf(parseDsregcmdBytes(bytes, decode, ONLY), from);
}

function recordOf(status: DsregcmdStatus, from: CaptureSource): Capture | null {
  return isDsregcmdCapture(status) ? toCapture(status, from) : null;
}
