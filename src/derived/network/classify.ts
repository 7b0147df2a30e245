import type { PlannedRequest, ProbeArtifact } from '../../artifacts/network.js';
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
  /** ERROR_WINHTTP_UNABLE_TO_DOWNLOAD_SCRIPT (12167). */
  UNABLE_TO_DOWNLOAD_SCRIPT: '0x80072f87',
} as const;

export type TransportKind = 'ok' | 'dns' | 'refused' | 'timeout' | 'reset' | 'proxy-auth' | 'proxy-error' | 'tls-verify' | 'tls-handshake' | 'pac' | 'other';

export interface TransportVerdict {
  kind: TransportKind;
  /** The WinHTTP-level code a device would see, when there is one. */
  sub?: string;
  /** One human sentence. */
  detail: string;
}

const TLS_VERIFY_CAUSES = /CERT|UNABLE_TO_|SELF_SIGNED|ALTNAME|DEPTH_ZERO|ERR_TLS_CERT|HOSTNAME|UNABLE_TO_GET_ISSUER|EXPIRED|NOT_YET_VALID/i;
const SUB: Partial<Record<TransportKind, string>> = {
  dns: CODE.NAME_NOT_RESOLVED,
  refused: CODE.CANNOT_CONNECT,
  timeout: CODE.TIMEOUT,
  reset: CODE.CONNECTION_ABORTED,
  'proxy-auth': CODE.PROXY_AUTH_REQ,
  'proxy-error': CODE.CANNOT_CONNECT,
  'tls-verify': CODE.SECURE_FAILURE,
  'tls-handshake': CODE.SECURE_FAILURE,
};

function verdict(kind: TransportKind, detail: string): TransportVerdict {
  const sub = SUB[kind];
  return sub ? { kind, sub, detail } : { kind, detail };
}

/** Squid (and similar) say why a CONNECT failed in X-Squid-Error, e.g. "ERR_DNS_FAIL 0", "ERR_CONNECT_FAIL 111". */
function proxyFailure(p: ProbeArtifact): TransportVerdict {
  const r = p.proxyResponse;
  if (!r) return verdict('proxy-error', p.failure?.message ?? 'the proxy failed');
  const where = `the proxy answered CONNECT with ${r.status} ${r.statusText}`.trim();
  if (r.status === 407) {
    const schemes = r.headers['proxy-authenticate'];
    return verdict('proxy-auth', `${where} (proxy authentication required${schemes ? `: ${schemes}` : ''})`);
  }
  const squid = (r.headers['x-squid-error'] ?? '').toUpperCase();
  if (squid.startsWith('ERR_DNS_FAIL')) return verdict('dns', `${where}: it could not resolve the name (${squid})`);
  if (squid.startsWith('ERR_CONNECT_FAIL')) {
    return /\b110\b/.test(squid) ? verdict('timeout', `${where}: its connection to the server timed out (${squid})`) : verdict('refused', `${where}: it could not connect to the server (${squid})`);
  }
  if (squid.startsWith('ERR_READ_TIMEOUT') || squid.startsWith('ERR_LIFETIME_EXP') || r.status === 504) return verdict('timeout', `${where}: timeout upstream${squid ? ` (${squid})` : ''}`);
  return verdict('proxy-error', `${where}${squid ? ` (${squid})` : ''}`);
}

/** What went wrong on the way to an HTTP response, in WinHTTP terms. Pure. */
export function classifyTransport(p: ProbeArtifact): TransportVerdict {
  const f = p.failure;
  if (!f) return p.response ? { kind: 'ok', detail: `HTTP ${p.response.status}` } : verdict('other', 'no response and no recorded failure');
  const cause = f.cause.toUpperCase();
  if (f.phase === 'pac' || f.phase === 'config') return { kind: 'pac', detail: f.message };
  if (f.phase === 'dns') return verdict('dns', `name resolution failed: ${f.message}`);
  if (cause === 'ETIMEDOUT') return verdict('timeout', f.message);
  if (f.phase === 'proxy' && cause === 'PROXY_STATUS') return proxyFailure(p);
  if (cause === 'ECONNRESET' || cause === 'EPIPE' || cause === 'ECLOSED') return verdict('reset', f.message);
  if (f.phase === 'connect' || f.phase === 'proxy') return verdict(f.phase === 'proxy' ? 'proxy-error' : 'refused', f.message);
  if (f.phase === 'tls') {
    if (p.tls && !p.tls.authorized) return verdict('tls-verify', `certificate not trusted: ${p.tls.authorizationError ?? f.cause}`);
    return TLS_VERIFY_CAUSES.test(cause) ? verdict('tls-verify', `certificate not trusted: ${f.cause}`) : verdict('tls-handshake', `TLS handshake failed: ${f.message}`);
  }
  return verdict('other', f.message);
}

export type ResponseKind = 'json' | 'html' | 'not-json' | 'busy' | 'tenant-not-found' | 'http-error' | 'ok';

export interface ResponseVerdict {
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
export function classifyResponse(request: Pick<PlannedRequest, 'role'>, p: ProbeArtifact): ResponseVerdict {
  const r = p.response;
  if (!r) return { kind: 'http-error', detail: 'no response' };
  const drs = request.role === 'drs-discover' || request.role === 'drs-contract';
  if (r.status === 503 && drs) return { kind: 'busy', sub: CODE.SERVER_BUSY, detail: 'DRS answered 503 Service Unavailable (busy)' };
  if (!expectsJson(request.role)) return { kind: 'ok', detail: `HTTP ${r.status}` };
  const body = r.bodyExcerpt;
  if (looksHtml(r.contentType, body)) {
    return { kind: 'html', sub: CODE.INVALIDDATA, detail: `HTTP ${r.status} with an HTML page (${r.contentType ?? 'no content type'}) where JSON was expected` };
  }
  if (r.status >= 400 && r.status < 500 && TENANT_NOT_FOUND.test(`${body} ${JSON.stringify(r.json ?? '')}`)) {
    return { kind: 'tenant-not-found', sub: CODE.TENANT_NOT_FOUND, detail: `HTTP ${r.status}: the tenant was not found` };
  }
  if (r.status >= 200 && r.status < 300) {
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

/** Is this request part of DRS discovery (where a timeout shows as 0x801c001f)? */
function isDiscovery(request: Pick<PlannedRequest, 'role' | 'host'>, cloud: Cloud): boolean {
  return request.role === 'drs-discover' || request.role === 'drs-contract' || (request.role === 'endpoint' && endpointKind(cloud, request.host) === 'drs');
}

/** Codes as dsregcmd prints them: top-level first, then the sub-code. */
export function codesFor(request: Pick<PlannedRequest, 'role' | 'host'>, cloud: Cloud, sub: string | undefined): string[] {
  if (sub === CODE.TIMEOUT && isDiscovery(request, cloud)) return [CODE.DISC_WAIT_TIMEOUT, CODE.TIMEOUT];
  const top = topCode(request, cloud);
  return [top, sub].filter((c): c is string => Boolean(c) && c !== undefined).filter((c, i, all) => all.indexOf(c) === i);
}
