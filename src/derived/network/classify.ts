import type { PlannedRequest } from '../../artifacts/network.js';
import { computed } from '../computed.js';
import type { ProbeFacts } from './view.js';
import { endpointKind, expectsJson, type Cloud } from './endpoints.js';

/** Codes, lower-case hex, as dsregcmd prints them. */
export const CODE = {
  DISC_FAILED: '0x801c0021',
  DISC_WAIT_TIMEOUT: '0x801c001f',
  USERREALM_DISCOVERY_FAILED: '0x801c003d',
  TENANT_NOT_FOUND: '0x801c003a',
  SERVER_BUSY: '0x801c0025',
  INVALIDDATA: '0x8007000d',
  TIMEOUT: '0x80072ee2',
  NAME_NOT_RESOLVED: '0x80072ee7',
  CANNOT_CONNECT: '0x80072efd',
  CONNECTION_ABORTED: '0x80072efe',
  SECURE_FAILURE: '0x80072f8f',
  /** HTTP_E_STATUS_PROXY_AUTH_REQ: HTTP 407 carried as an HRESULT. */
  PROXY_AUTH_REQ: '0x80190197',
  /** ERROR_WINHTTP_BAD_AUTO_PROXY_SCRIPT (12166). */
  BAD_AUTO_PROXY_SCRIPT: '0x80072f86',
  /** ERROR_ADAL_INTERNET_SECURE_FAILURE: auth phase; Microsoft's first remedy is to check the clock skew. */
  ADAL_SECURE_FAILURE: '0xcaa82f8f',
  /** DSREG_E_DIRECTORY_FAILURE: DRS DirectoryError at join (Server Message carries AADSTS90002 etc.). */
  DIRECTORY_FAILURE: '0x801c03f2',
  /** ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT (12167). */
  UNABLE_TO_DOWNLOAD_SCRIPT: '0x80072f87',
} as const;

/**
 * 'proxy-auth': a 407 whose challenge SYSTEM cannot answer (Basic, Digest, none); 'proxy-auth-machine': a 407 that
 * offers Negotiate/NTLM/Kerberos, which a device answers with its computer account (not testable from here).
 */
export type TransportKind = 'ok' | 'dns' | 'refused' | 'timeout' | 'reset' | 'proxy-auth' | 'proxy-auth-machine' | 'proxy-error' | 'tls-verify' | 'tls-handshake' | 'pac' | 'other';

export interface TransportVerdict {
  kind: TransportKind;
  /** The WinHTTP-level code a device would see, when there is one. */
  sub?: string;
  /** One human sentence. */
  detail: string;
  /** Lower-case authentication schemes a 407 offered. */
  schemes?: string[];
}

const TLS_VERIFY_CAUSES = /CERT|UNABLE_TO_|SELF_SIGNED|ALTNAME|DEPTH_ZERO|ERR_TLS_CERT|HOSTNAME|UNABLE_TO_GET_ISSUER|EXPIRED|NOT_YET_VALID/i;
const SUB: Partial<Record<TransportKind, string>> = {
  dns: CODE.NAME_NOT_RESOLVED,
  refused: CODE.CANNOT_CONNECT,
  timeout: CODE.TIMEOUT,
  reset: CODE.CONNECTION_ABORTED,
  'proxy-auth': CODE.PROXY_AUTH_REQ,
  'proxy-auth-machine': CODE.PROXY_AUTH_REQ,
  'proxy-error': CODE.CANNOT_CONNECT,
  'tls-verify': CODE.SECURE_FAILURE,
  'tls-handshake': CODE.SECURE_FAILURE,
};

function verdict(kind: TransportKind, detail: string): TransportVerdict {
  const sub = SUB[kind];
  return sub ? { kind, sub, detail } : { kind, detail };
}

/** Splits a header value on commas that are not inside a quoted string. */
function splitOutsideQuotes(value: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && quoted) { cur += ch + (value[i + 1] ?? ''); i++; continue; }
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * The authentication schemes of a Proxy-Authenticate value (several headers arrive joined with ", "), lower-case,
 * once each, in order: `Negotiate, NTLM` → [negotiate, ntlm]; `Digest realm="a, b", nonce="x", Basic realm="y"` →
 * [digest, basic]. Auth-params (`name=value`) are not schemes. Pure; bounded to the first 8 KiB.
 */
export function challengeSchemes(header: string | undefined): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const piece of splitOutsideQuotes(header.slice(0, 8192))) {
    const m = /^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)(?:\s+|$)/.exec(piece);
    const name = m?.[1]?.toLowerCase();
    if (name && !/^\s*[^\s=]+\s*=/.test(piece) && !out.includes(name)) out.push(name);
  }
  return out.slice(0, 16);
}

/** Schemes a Windows device answers as SYSTEM with its computer account (machine-context proxy auth, facts §3.3). */
export const MACHINE_AUTH_SCHEMES: readonly string[] = ['negotiate', 'ntlm', 'kerberos'];

export function offersMachineAuth(schemes: readonly string[]): boolean {
  return schemes.some((s) => MACHINE_AUTH_SCHEMES.includes(s));
}

/** Squid (and similar) say why a CONNECT failed in X-Squid-Error, e.g. "ERR_DNS_FAIL 0", "ERR_CONNECT_FAIL 111". */
function proxyFailure(p: ProbeFacts): TransportVerdict {
  const r = p.proxyResponse;
  if (!r) return verdict('proxy-error', p.failure?.message ?? 'the proxy failed');
  const where = `the proxy answered CONNECT with ${r.status} ${r.statusText}`.trim();
  if (r.status === 407) {
    const schemes = challengeSchemes(r.headers['proxy-authenticate']);
    const offered = schemes.length ? `offered: ${schemes.join(', ')}` : 'no Proxy-Authenticate scheme offered';
    const kind = offersMachineAuth(schemes) ? 'proxy-auth-machine' : 'proxy-auth';
    return { ...verdict(kind, `${where} (proxy authentication required, ${offered})`), schemes };
  }
  const squid = (r.headers['x-squid-error'] ?? '').toUpperCase();
  if (squid.startsWith('ERR_DNS_FAIL')) return verdict('dns', `${where}: it could not resolve the name (${squid})`);
  if (squid.startsWith('ERR_CONNECT_FAIL')) {
    return /\b110\b/.test(squid) ? verdict('timeout', `${where}: its connection to the server timed out (${squid})`) : verdict('refused', `${where}: it could not connect to the server (${squid})`);
  }
  if (squid.startsWith('ERR_READ_TIMEOUT') || squid.startsWith('ERR_LIFETIME_EXP') || r.status === 504) return verdict('timeout', `${where}: timeout upstream${squid ? ` (${squid})` : ''}`);
  return verdict('proxy-error', `${where}${squid ? ` (${squid})` : ''}`);
}

/** What went wrong on the way to an HTTP response, in WinHTTP terms (once per probe: several checks ask). Pure. */
export const classifyTransport = computed('classifyTransport', (p: ProbeFacts): TransportVerdict => transportVerdict(p));

function transportVerdict(p: ProbeFacts): TransportVerdict {
  const f = p.failure;
  if (!f) return p.response ? { kind: 'ok', detail: `HTTP ${p.response.status}` } : verdict('other', 'no response and no recorded failure');
  const cause = f.code.toUpperCase();
  if (f.stage === 'pac') return { kind: 'pac', detail: f.message };
  if (f.stage === 'dns') return verdict('dns', `name resolution failed: ${f.message}`);
  if (cause === 'ETIMEDOUT') return verdict('timeout', f.message);
  if (f.stage === 'proxy' && cause === 'PROXY_STATUS') return proxyFailure(p);
  if (cause === 'ECONNRESET' || cause === 'EPIPE' || cause === 'ECLOSED') return verdict('reset', f.message);
  if (f.stage === 'connect' || f.stage === 'proxy') return verdict(f.stage === 'proxy' ? 'proxy-error' : 'refused', f.message);
  if (f.stage === 'tls') {
    if (p.tls && !p.tls.authorized) return verdict('tls-verify', `certificate not trusted: ${p.tls.authorizationError ?? f.code}`);
    return TLS_VERIFY_CAUSES.test(cause) ? verdict('tls-verify', `certificate not trusted: ${f.code}`) : verdict('tls-handshake', `TLS handshake failed: ${f.message}`);
  }
  return verdict('other', f.message);
}

export type ResponseKind = 'json' | 'html' | 'html-error' | 'not-json' | 'busy' | 'tenant-not-found' | 'http-error' | 'ok';

export interface ResponseVerdict {
  /** 'html': HTTP 2xx with an HTML page (the documented E_INVALIDDATA case); 'html-error': an HTML error page with an error status. */
  kind: ResponseKind;
  sub?: string;
  detail: string;
}

/** Does the body look like HTML (by content type or by its first characters)? */
export function looksHtml(contentType: string | undefined, excerpt: string): boolean {
  if (contentType && /text\/html|application\/xhtml/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(excerpt);
}

const TENANT_NOT_FOUND = /AADSTS90002|AADSTS50020|tenant[^.]{0,80}not found|TenantNotFound|no tenant/i;

/** Judges an HTTP response for a request that expects JSON. Pure. */
export function classifyResponse(request: Pick<PlannedRequest, 'role'>, p: ProbeFacts): ResponseVerdict {
  const r = p.response;
  if (!r) return { kind: 'http-error', detail: 'no response' };
  const drs = request.role === 'drs-discover' || request.role === 'drs-contract';
  if (r.status === 503 && drs) return { kind: 'busy', sub: CODE.SERVER_BUSY, detail: 'DRS answered 503 Service Unavailable (busy)' };
  if (!expectsJson(request.role)) return { kind: 'ok', detail: `HTTP ${r.status}` };
  const body = r.bodyExcerpt;
  const success = r.status >= 200 && r.status < 300;
  if (r.status >= 400 && r.status < 500 && TENANT_NOT_FOUND.test(`${body} ${JSON.stringify(r.json ?? '')}`)) {
    return { kind: 'tenant-not-found', sub: CODE.TENANT_NOT_FOUND, detail: `HTTP ${r.status}: the tenant was not found` };
  }
  if (looksHtml(r.contentType, body)) {
    if (success) return { kind: 'html', sub: CODE.INVALIDDATA, detail: `HTTP ${r.status} with an HTML page (${r.contentType ?? 'no content type'}) where JSON was expected` };
    return { kind: 'html-error', detail: `HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''} with an HTML error page (${r.contentType ?? 'no content type'}): an error status from a proxy or server, not a sign-in page answered with 200` };
  }
  if (success) {
    if (r.json === undefined) return { kind: 'not-json', sub: CODE.INVALIDDATA, detail: `HTTP ${r.status} but the body is not JSON (${r.contentType ?? 'no content type'})` };
    return { kind: 'json', detail: `HTTP ${r.status} JSON` };
  }
  return { kind: 'http-error', detail: `HTTP ${r.status}${r.statusText ? ` ${r.statusText}` : ''}` };
}

/** The top-level dsregcmd code for a failure of this request, when the request is part of a dsregcmd phase. */
export function topCode(request: Pick<PlannedRequest, 'role' | 'host'>, cloud: Cloud): string | undefined {
  if (request.role === 'drs-discover' || request.role === 'drs-contract') return CODE.DISC_FAILED;
  if (request.role === 'user-realm') return CODE.USERREALM_DISCOVERY_FAILED;
  if (request.role === 'endpoint') {
    const kind = endpointKind(cloud, request.host);
    if (kind === 'drs') return CODE.DISC_FAILED;
    if (kind === 'login') return CODE.USERREALM_DISCOVERY_FAILED;
  }
  return undefined;
}

/** Codes as dsregcmd prints them: top-level first, then the sub-code. */
export function codesFor(request: Pick<PlannedRequest, 'role' | 'host'>, cloud: Cloud, sub: string | undefined): string[] {
  const top = topCode(request, cloud);
  return [top, sub].filter((c): c is string => Boolean(c) && c !== undefined).filter((c, i, all) => all.indexOf(c) === i);
}

/** How sure a prediction is: 'microsoft' (a Microsoft source shows these codes together), 'field', or 'inferred'. */
export type PredictionSource = 'microsoft' | 'field' | 'inferred';

/** Sub-codes Microsoft lists for DRS discovery, FAIL [0x801c0021/<sub>] (facts §1.2). */
const DOCUMENTED_DISCOVERY_SUBS: readonly string[] = [CODE.CANNOT_CONNECT, CODE.TIMEOUT, CODE.SECURE_FAILURE, CODE.TENANT_NOT_FOUND, CODE.SERVER_BUSY, CODE.INVALIDDATA, '0x801c000c'];
const PAC_CODES: readonly string[] = [CODE.BAD_AUTO_PROXY_SCRIPT, CODE.UNABLE_TO_DOWNLOAD_SCRIPT];

/** Where a code list comes from, with the reason when it is not a documented pairing. Pure. */
export function codeBasis(codes: readonly string[]): { source: PredictionSource; basis?: string } {
  const [top, sub] = codes;
  if (codes.includes(CODE.PROXY_AUTH_REQ)) {
    return { source: 'field', basis: `${CODE.PROXY_AUTH_REQ} (HTTP 407 as an HRESULT) comes from field reports; no Microsoft source shows dsregcmd printing it.` };
  }
  if (codes.some((c) => PAC_CODES.includes(c))) {
    return { source: 'inferred', basis: 'The WinHTTP PAC error is named by the WinHTTP documentation; that dsregcmd reports it this way is inferred.' };
  }
  if (top === CODE.DISC_FAILED && (sub === undefined || DOCUMENTED_DISCOVERY_SUBS.includes(sub))) return { source: 'microsoft' };
  if (top === CODE.DISC_FAILED) {
    return { source: 'inferred', basis: `Microsoft lists ${sub} under the join phase, not as a discovery sub-code; that discovery reports it after ${CODE.DISC_FAILED} is inferred.` };
  }
  if (top === CODE.USERREALM_DISCOVERY_FAILED) {
    return sub === undefined
      ? { source: 'microsoft' }
      : { source: 'inferred', basis: `Microsoft documents ${CODE.USERREALM_DISCOVERY_FAILED} without listing its sub-codes; ${sub} is the WinHTTP error we observed.` };
  }
  if (top === CODE.TENANT_NOT_FOUND || top === CODE.DISC_WAIT_TIMEOUT) return { source: 'microsoft' };
  return { source: 'inferred', basis: 'This endpoint is not part of a dsregcmd phase Microsoft documents codes for; the code is the WinHTTP error a device would most likely see.' };
}

/**
 * Other forms dsregcmd may print for the same failure. A discovery timeout shows as FAIL [0x801c0021/0x80072ee2]
 * in Microsoft's own sample and as 0x801c001f (DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT) in its code table (facts §6).
 */
export function alternativesFor(codes: readonly string[]): string[][] {
  if (codes[0] === CODE.DISC_FAILED && codes[1] === CODE.TIMEOUT) return [[CODE.DISC_WAIT_TIMEOUT]];
  return [];
}

/** A prediction ready for a finding: the codes, the message text ("a/b or c") and evidence to merge. */
export interface Prediction {
  codes: string[];
  text: string;
  evidence: { source: PredictionSource; basis?: string; alternativeCodes?: string[][] };
}

export function predict(codes: readonly string[]): Prediction {
  const alternatives = alternativesFor(codes);
  const { source, basis } = codeBasis(codes);
  const evidence: Prediction['evidence'] = { source };
  if (basis) evidence.basis = basis;
  if (alternatives.length > 0) evidence.alternativeCodes = alternatives;
  const text = [codes, ...alternatives].map((c) => c.join('/')).join(' or ');
  return { codes: [...codes], text, evidence };
}
