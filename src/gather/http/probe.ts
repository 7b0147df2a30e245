import { isIP, Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect, createSecureContext, type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import type { PeerCertificate, PlannedRequest, ProbeArtifact, ProbeFailure, ProbePhase } from '../../artifacts/network.js';
import { expectsJson, requestHeaders } from '../../derived/network/endpoints.js';
import { redactCredentials } from '../../derived/network/proxy-rules.js';
import { TOOL_NAME, VERSION } from '../../version.js';

/** Bytes of body we read at most; the rest is dropped. */
export const BODY_READ_LIMIT = 64 * 1024;
/** Characters of body kept in artifacts. */
export const BODY_EXCERPT_LIMIT = 2 * 1024;
const PROXY_HEAD_LIMIT = 16 * 1024;

/** How one request travels: straight to the server, or through an HTTP proxy with CONNECT. */
export type Route =
  | { kind: 'direct' }
  /** `authorization` is the Proxy-Authorization value; it is sent, never recorded. */
  | { kind: 'proxy'; host: string; port: number; label: string; authorization?: string };

export interface ProbeContext {
  timeoutMs: number;
  /** Trusted roots (PEM). */
  ca: string[];
  /**
   * One TLS context for every probe, built from `ca` (see probeSecureContext): building it per
   * connection costs ~20 ms of CPU each (all roots parsed again) and serialises the probes.
   */
  secureContext?: SecureContext;
  /** Resolves a host name to addresses (lab DNS or system resolver). */
  resolve(host: string): Promise<{ addresses: string[]; servers?: string[] }>;
  /** Port of the HTTPS endpoints (443; tests may change it). */
  httpsPort?: number;
}

/**
 * The probes' TLS context: accepts every protocol and cipher so that what the server or proxy
 * negotiates can be recorded and judged (tls-version); trust is judged after the handshake.
 */
export function probeSecureContext(ca: string[]): SecureContext {
  return createSecureContext({ ca, minVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
}

class PhaseError extends Error {
  constructor(readonly phase: ProbePhase, readonly reason: string, message: string) {
    super(message);
  }
}

function summarizeCert(c: DetailedPeerCertificate): PeerCertificate {
  const name = (o: Record<string, unknown> | undefined) =>
    o ? Object.entries(o).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ') : '';
  const s: PeerCertificate = {
    subject: name(c.subject as unknown as Record<string, unknown>),
    issuer: name(c.issuer as unknown as Record<string, unknown>),
    validFrom: new Date(c.valid_from).toISOString(),
    validTo: new Date(c.valid_to).toISOString(),
  };
  if (c.fingerprint256) s.fingerprint256 = c.fingerprint256;
  return s;
}

/** Leaf first; follows issuerCertificate until the self-signed root or a loop. */
export function chainOf(socket: TLSSocket): PeerCertificate[] {
  const out: PeerCertificate[] = [];
  let c = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  const seen = new Set<string>();
  while (c && c.raw && out.length < 10 && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    out.push(summarizeCert(c));
    c = c.issuerCertificate;
  }
  return out;
}

function errCode(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e?.code ?? e?.name ?? 'ERROR';
}

function cleanMessage(err: unknown): string {
  return redactCredentials((err as Error)?.message ?? String(err));
}

function headerRecord(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = k.toLowerCase();
    if (v === undefined || key === 'set-cookie' || key === 'proxy-authorization' || key === 'authorization') continue;
    const text = Array.isArray(v) ? v.join(', ') : v;
    out[key] = text.length > 512 ? `${text.slice(0, 512)}…` : text;
  }
  return out;
}

/** Parses an HTTP/1.x response head (status line + headers). */
export function parseResponseHead(head: string): { status: number; statusText: string; headers: Record<string, string> } | undefined {
  const lines = head.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(lines[0] ?? '');
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] ? `${headers[k]}, ${v}` : v;
  }
  return { status: Number(m[1]), statusText: m[2] ?? '', headers: headerRecord(headers) };
}

/**
 * Makes one HTTPS request along a route and records every phase. Never throws; never runs past
 * ctx.timeoutMs (the deadline covers all phases together and destroys whatever socket is open).
 */
export async function runProbe(route: Route, request: PlannedRequest, ctx: ProbeContext, base: { pathId: number; pacResult?: string }): Promise<ProbeArtifact> {
  const t0 = Date.now();
  const artifact: ProbeArtifact = {
    pathId: base.pathId,
    requestKey: request.key,
    route: route.kind === 'direct' ? 'direct' : route.label,
    startedAt: new Date(t0).toISOString(),
    timings: { totalMs: 0 },
  };
  if (base.pacResult !== undefined) artifact.pacResult = base.pacResult;
  const url = new URL(request.url);
  const port = Number(url.port) || ctx.httpsPort || 443;

  let phase: ProbePhase = 'dns';
  let socket: Socket | undefined;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      socket?.destroy();
      reject(new PhaseError(phase, 'ETIMEDOUT', `no answer within ${ctx.timeoutMs} ms (${phase} phase)`));
    }, ctx.timeoutMs);
  });
  deadline.catch(() => undefined);
  const step = <T>(p: Promise<T>): Promise<T> => Promise.race([p, deadline]);

  const connectTcp = (host: string, tcpPort: number) =>
    new Promise<Socket>((resolve, reject) => {
      const s = netConnect({ host, port: tcpPort });
      socket = s;
      s.once('connect', () => resolve(s));
      s.once('error', (err) => reject(new PhaseError('connect', errCode(err), cleanMessage(err))));
    });

  try {
    // 1. Name resolution (direct: the endpoint; proxy: the proxy host).
    const target = route.kind === 'direct' ? url.hostname : route.host;
    const tcpPort = route.kind === 'direct' ? port : route.port;
    let address = target;
    if (!isIP(target)) {
      const tDns = Date.now();
      const found = await step(
        ctx.resolve(target).catch((err: unknown) => {
          throw new PhaseError('dns', errCode(err), `${target}: ${cleanMessage(err)}`);
        }),
      );
      artifact.timings.dnsMs = Date.now() - tDns;
      artifact.dns = { host: target, addresses: found.addresses };
      if (found.servers) artifact.dns.servers = found.servers;
      address = found.addresses[0] ?? target;
    }

    // 2. TCP connect.
    phase = 'connect';
    const tConnect = Date.now();
    const tcp = await step(connectTcp(address, tcpPort));
    artifact.timings.connectMs = Date.now() - tConnect;

    // 3. Proxy CONNECT.
    if (route.kind === 'proxy') {
      phase = 'proxy';
      const tProxy = Date.now();
      const authority = `${url.hostname}:${port}`;
      const lines = [`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, `User-Agent: ${TOOL_NAME}/${VERSION}`];
      if (route.authorization) lines.push(`Proxy-Authorization: ${route.authorization}`);
      tcp.write(`${lines.join('\r\n')}\r\n\r\n`);
      const { head, rest } = await step(readHead(tcp));
      artifact.timings.proxyConnectMs = Date.now() - tProxy;
      const parsed = parseResponseHead(head);
      if (!parsed) throw new PhaseError('proxy', 'EPROTO', `the proxy did not answer CONNECT with HTTP (${JSON.stringify(head.slice(0, 80))})`);
      artifact.proxyResponse = { status: parsed.status, statusText: parsed.statusText, headers: parsed.headers };
      if (parsed.status < 200 || parsed.status > 299) {
        const body = await step(readSome(tcp, rest, Number(parsed.headers['content-length'] ?? BODY_EXCERPT_LIMIT), 500));
        if (body.length > 0) artifact.proxyResponse.bodyExcerpt = body.toString('utf8').slice(0, BODY_EXCERPT_LIMIT);
        throw new PhaseError('proxy', 'PROXY_STATUS', `the proxy answered CONNECT with ${parsed.status} ${parsed.statusText}`.trim());
      }
      if (rest.length > 0) tcp.unshift(rest);
    }

    // 4. TLS (verification is judged after the handshake so the chain can be recorded; nothing is sent unverified).
    phase = 'tls';
    const tTls = Date.now();
    const secure = await step(
      new Promise<TLSSocket>((resolve, reject) => {
        const s = tlsConnect({
          socket: tcp,
          servername: isIP(url.hostname) ? undefined : url.hostname,
          secureContext: ctx.secureContext ?? probeSecureContext(ctx.ca),
          rejectUnauthorized: false,
          ALPNProtocols: ['http/1.1'],
        });
        socket = s;
        s.once('secureConnect', () => resolve(s));
        s.once('error', (err) => reject(new PhaseError('tls', errCode(err), cleanMessage(err))));
      }),
    );
    artifact.timings.tlsMs = Date.now() - tTls;
    artifact.tls = { authorized: secure.authorized, chain: chainOf(secure) };
    const protocol = secure.getProtocol();
    if (protocol) artifact.tls.protocol = protocol;
    const cipher = secure.getCipher()?.name;
    if (cipher) artifact.tls.cipher = cipher;
    if (!secure.authorized) {
      const why = String(secure.authorizationError ?? 'UNVERIFIED');
      artifact.tls.authorizationError = why;
      throw new PhaseError('tls', why, `the server certificate for ${url.hostname} is not trusted: ${why}`);
    }

    // 5. HTTP request over the verified socket.
    phase = 'http';
    const tHttp = Date.now();
    const reqLines = [
      `GET ${url.pathname}${url.search} HTTP/1.1`,
      `Host: ${url.host}`,
      `User-Agent: ${TOOL_NAME}/${VERSION}`,
      ...Object.entries(requestHeaders(request.role)).map(([k, v]) => `${k}: ${v}`),
      'Connection: close',
    ];
    secure.write(`${reqLines.join('\r\n')}\r\n\r\n`);
    const { head, rest } = await step(readHead(secure, 'http'));
    artifact.timings.firstByteMs = Date.now() - tHttp;
    artifact.headersAt = new Date().toISOString();
    const parsedHead = parseResponseHead(head);
    if (!parsedHead) throw new PhaseError('http', 'EPROTO', `the server did not answer with HTTP (${JSON.stringify(head.slice(0, 80))})`);
    const headers = parsedHead.headers;
    const length = headers['content-length'] !== undefined ? Number(headers['content-length']) : undefined;
    const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
    const raw = await step(readBody(secure, rest, chunked ? undefined : length));
    const decoded = chunked ? dechunk(raw.data) : raw.data;
    const truncated = raw.truncated || decoded.length > BODY_READ_LIMIT;
    const body = decoded.subarray(0, BODY_READ_LIMIT);
    const bytes = body.length;
    const text = body.toString('utf8');
    artifact.response = {
      status: parsedHead.status,
      statusText: parsedHead.statusText,
      headers,
      bodyBytes: bytes,
      bodyTruncated: truncated,
      bodyExcerpt: text.slice(0, BODY_EXCERPT_LIMIT),
    };
    if (headers['content-type']) artifact.response.contentType = headers['content-type'];
    if (headers['date']) artifact.response.date = headers['date'];
    if (expectsJson(request.role) && !truncated) {
      try {
        artifact.response.json = JSON.parse(text) as unknown;
      } catch {
        // not JSON: the checks judge that from the excerpt and content type
      }
    }
  } catch (err) {
    artifact.failure = toFailure(err, phase);
  } finally {
    clearTimeout(timer);
    socket?.destroy();
    artifact.timings.totalMs = Date.now() - t0;
  }
  return artifact;
}

function toFailure(err: unknown, phase: ProbePhase): ProbeFailure {
  if (err instanceof PhaseError) return { phase: err.phase, cause: err.reason, message: redactCredentials(err.message) };
  const code = errCode(err);
  const cause = code === 'UND_ERR_ABORTED' || code === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' ? 'ETIMEDOUT' : code === 'UND_ERR_SOCKET' ? 'ECONNRESET' : code;
  return { phase, cause, message: cleanMessage(err) };
}

/** Reads until the end of an HTTP head; returns the head and any bytes after it. */
function readHead(s: Socket, phase: 'proxy' | 'http' = 'proxy'): Promise<{ head: string; rest: Buffer }> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end >= 0) {
        cleanup();
        s.pause();
        resolve({ head: buf.subarray(0, end).toString('latin1'), rest: buf.subarray(end + 4) });
      } else if (buf.length > PROXY_HEAD_LIMIT) {
        cleanup();
        reject(new PhaseError(phase, 'EPROTO', 'oversized response head'));
      }
    };
    const onEnd = () => {
      cleanup();
      reject(new PhaseError(phase, 'ECONNRESET', phase === 'proxy' ? 'the proxy closed the connection without answering CONNECT' : 'the connection closed before a response arrived'));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new PhaseError(phase, errCode(err), cleanMessage(err)));
    };
    const cleanup = () => {
      s.off('data', onData);
      s.off('end', onEnd);
      s.off('close', onEnd);
      s.off('error', onError);
    };
    s.on('data', onData);
    s.once('end', onEnd);
    s.once('close', onEnd);
    s.once('error', onError);
  });
}

/** Reads up to `want` bytes (capped) or until `waitMs` passes; never fails. */
function readSome(s: Socket, first: Buffer, want: number, waitMs: number): Promise<Buffer> {
  const limit = Math.min(Number.isFinite(want) && want >= 0 ? want : BODY_EXCERPT_LIMIT, BODY_EXCERPT_LIMIT);
  return new Promise((resolve) => {
    let buf = first;
    if (buf.length >= limit) {
      resolve(buf.subarray(0, limit));
      return;
    }
    const done = () => {
      clearTimeout(t);
      s.off('data', onData);
      s.off('end', done);
      s.off('error', done);
      resolve(buf.subarray(0, limit));
    };
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= limit) done();
    };
    const t = setTimeout(done, waitMs);
    s.on('data', onData);
    s.once('end', done);
    s.once('error', done);
    s.resume();
  });
}

/** Reads a response body: `length` bytes, or until the server closes (Connection: close); capped at BODY_READ_LIMIT + slack. */
function readBody(s: Socket, first: Buffer, length: number | undefined): Promise<{ data: Buffer; truncated: boolean }> {
  const cap = BODY_READ_LIMIT + 8 * 1024;
  const want = length !== undefined && Number.isFinite(length) && length >= 0 ? Math.min(length, cap) : cap;
  return new Promise((resolve) => {
    let buf = first;
    let finished = false;
    const done = () => {
      if (finished) return;
      finished = true;
      s.off('data', onData);
      s.off('end', done);
      s.off('close', done);
      s.off('error', done);
      const truncated = buf.length >= cap || (length !== undefined && length > cap);
      resolve({ data: buf.subarray(0, want), truncated });
    };
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= want) done();
    };
    if (buf.length >= want) {
      done();
      return;
    }
    s.on('data', onData);
    s.once('end', done);
    s.once('close', done);
    s.once('error', done);
    s.resume();
  });
}

/** Decodes a chunked body as far as it goes (a truncated body yields what was complete). */
export function dechunk(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  for (;;) {
    const eol = data.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = parseInt(data.subarray(i, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size <= 0) break;
    out.push(data.subarray(eol + 2, Math.min(eol + 2 + size, data.length)));
    i = eol + 2 + size + 2;
    if (i > data.length) break;
  }
  return Buffer.concat(out);
}
