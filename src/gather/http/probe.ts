import { subscribe } from 'node:diagnostics_channel';
import { isIP, Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect, createSecureContext, type DetailedPeerCertificate, type SecureContext, type TLSSocket } from 'node:tls';
import type { PlannedRequest, ProbeArtifact, ProbeObservation } from '../../artifacts/network.js';
import { gathered, type Failure, type Stage } from '../../artifacts/outcome.js';
import type { CertificateSummary } from '../../artifacts/types.js';
import { expectsJson, requestHeaders } from '../../derived/network/endpoints.js';
import { redactCredentials } from '../../derived/network/proxy-rules.js';
import { TOOL_NAME, VERSION } from '../../version.js';
import { summarizeCertificate } from '../certificate.js';

/** Bytes of body we read at most; the rest is dropped. */
export const BODY_READ_LIMIT = 64 * 1024;
/** Characters of body kept in artifacts. */
export const BODY_EXCERPT_LIMIT = 2 * 1024;
/** Largest response head (status line + headers) accepted from a proxy or server. */
const HEAD_LIMIT = 16 * 1024;
/** Body bytes read before stopping: a little over BODY_READ_LIMIT, so that a longer body is known to be truncated. */
const BODY_READ_CAP = BODY_READ_LIMIT + 8 * 1024;

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

/** The stages of a probe, in order. */
type ProbeStage = Extract<Stage, 'dns' | 'connect' | 'proxy' | 'tls' | 'http'>;

/** A probe while it runs: its key fields and timings beside what it observed so far (split into the artifact at the end). */
type ProbeRecord = Omit<ProbeArtifact, 'outcome'> & ProbeObservation;

class PhaseError extends Error {
  constructor(readonly phase: ProbeStage, readonly reason: string, message: string) {
    super(message);
  }
}

/** Leaf first; follows issuerCertificate until the self-signed root or a loop. */
export function chainOf(socket: TLSSocket): CertificateSummary[] {
  const out: CertificateSummary[] = [];
  let c = socket.getPeerCertificate(true) as DetailedPeerCertificate | undefined;
  const seen = new Set<string>();
  while (c && c.raw && out.length < 10 && !seen.has(c.fingerprint256)) {
    seen.add(c.fingerprint256);
    const summary = summarizeCertificate(c);
    if (summary) out.push(summary);
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

/** Response headers as recorded: lower-case names, repeated headers joined, cookies and credentials dropped, values bounded. */
export function headerRecord(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const key = k.toLowerCase();
    if (v === undefined || key === 'set-cookie' || key === 'proxy-authorization' || key === 'authorization') continue;
    const text = Array.isArray(v) ? v.join(', ') : v;
    out[key] = text.length > 512 ? `${text.slice(0, 512)}…` : text;
  }
  return out;
}

type Undici = typeof import('undici');
type Step = <T>(p: Promise<T>) => Promise<T>;

/**
 * undici hands a CONNECT answer to its handler without the reason phrase; its diagnostics channels
 * carry it. Sockets opened by the probes are marked; the reason phrase of the CONNECT answer on a
 * marked socket is kept for the probe.
 */
const probeSockets = new WeakSet<Socket>();
const socketOfRequest = new WeakMap<object, Socket>();
const connectStatusText = new WeakMap<Socket, string>();
let listening = false;

function listenForStatusText(): void {
  if (listening) return;
  listening = true;
  subscribe('undici:client:sendHeaders', (m) => {
    const { request, socket } = m as { request: object; socket: Socket };
    if (probeSockets.has(socket)) socketOfRequest.set(request, socket);
  });
  subscribe('undici:request:headers', (m) => {
    const { request, response } = m as { request: object; response: { statusText?: string } };
    const socket = socketOfRequest.get(request);
    if (socket) connectStatusText.set(socket, response.statusText ?? '');
  });
}

/** An undici client whose only connection is the given, already connected socket. */
function clientOver(undici: Undici, origin: string, socket: Socket): InstanceType<Undici['Client']> {
  return new undici.Client(origin, {
    // Asynchronously: undici ignores a connection handed over while it is still dispatching.
    connect: (_opts, callback) => queueMicrotask(() => callback(null, socket)),
    // The probe's own deadline governs every phase (see runProbe).
    headersTimeout: 0,
    bodyTimeout: 0,
    maxHeaderSize: HEAD_LIMIT,
    pipelining: 1,
  });
}

/** How undici's protocol errors read in a phase: the same phase/cause pairs as the checks know. */
function protocolError(err: unknown, phase: 'proxy' | 'http'): PhaseError {
  const code = errCode(err);
  const who = phase === 'proxy' ? 'the proxy did not answer CONNECT' : 'the server did not answer';
  if (code === 'UND_ERR_HEADERS_OVERFLOW') return new PhaseError(phase, 'EPROTO', `oversized response head: ${who} with a head within ${HEAD_LIMIT} bytes`);
  if (code.startsWith('HPE_') || (err as Error)?.name === 'HTTPParserError') {
    // The offending bytes are the peer's: shown bounded, printable ASCII only.
    const data = String((err as { data?: unknown }).data ?? '').slice(0, 40).replace(/[^\x20-\x7e]/g, '.');
    return new PhaseError(phase, 'EPROTO', `${who} with HTTP (${cleanMessage(err)}${data ? ` at ${JSON.stringify(data)}` : ''})`);
  }
  if (code === 'UND_ERR_SOCKET') {
    const msg = phase === 'proxy' ? 'the proxy closed the connection without answering CONNECT' : 'the connection closed before a response arrived';
    return new PhaseError(phase, 'ECONNRESET', msg);
  }
  return new PhaseError(phase, code, cleanMessage(err));
}

/** Reads up to `want` bytes (capped at the excerpt size) or until `waitMs` passes; never fails. */
function readSome(s: Socket, want: number, waitMs: number): Promise<Buffer> {
  const limit = Math.min(Number.isFinite(want) && want >= 0 ? want : BODY_EXCERPT_LIMIT, BODY_EXCERPT_LIMIT);
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
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
    if (limit === 0) return done();
    s.on('data', onData);
    s.once('end', done);
    s.once('error', done);
    s.resume();
  });
}

/** HTTP CONNECT through the proxy on an open TCP socket (undici); a non-2xx answer is recorded and fails the probe. */
async function proxyConnect(undici: Undici, tcp: Socket, route: Extract<Route, { kind: 'proxy' }>, authority: string, artifact: ProbeRecord, step: Step): Promise<Socket> {
  const host = route.host.includes(':') ? `[${route.host}]` : route.host;
  const client = clientOver(undici, `http://${host}:${route.port}`, tcp);
  try {
    const headers: Record<string, string> = { host: authority, 'user-agent': `${TOOL_NAME}/${VERSION}` };
    if (route.authorization) headers['proxy-authorization'] = route.authorization;
    const tProxy = Date.now();
    const answer = await step(
      client.connect({ path: authority, headers }).catch((err: unknown) => {
        throw protocolError(err, 'proxy');
      }),
    );
    artifact.timings.proxyConnectMs = Date.now() - tProxy;
    // The tunnel is the TCP socket itself (handed to undici by clientOver), already tracked for the deadline.
    const socket = answer.socket as Socket;
    const parsed = headerRecord(answer.headers);
    const statusText = connectStatusText.get(tcp) ?? '';
    artifact.proxyResponse = { status: answer.statusCode, statusText, headers: parsed };
    if (answer.statusCode < 200 || answer.statusCode > 299) {
      const body = await step(readSome(socket, Number(parsed['content-length'] ?? BODY_EXCERPT_LIMIT), 500));
      if (body.length > 0) artifact.proxyResponse.bodyExcerpt = body.toString('utf8').slice(0, BODY_EXCERPT_LIMIT);
      throw new PhaseError('proxy', 'PROXY_STATUS', `the proxy answered CONNECT with ${answer.statusCode} ${statusText}`.trim());
    }
    return socket;
  } finally {
    // The tunnel socket is detached from the client; closing the client leaves it open.
    void client.destroy().catch(() => undefined);
  }
}

/** Reads a response body from undici's stream, stopping at BODY_READ_CAP; a broken stream yields what arrived. */
async function readBody(body: AsyncIterable<Buffer> & { destroy(): unknown }, length: number | undefined): Promise<{ data: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= BODY_READ_CAP) break;
    }
  } catch {
    // the connection broke mid-body: judge what arrived
  } finally {
    body.destroy();
  }
  const truncated = size > BODY_READ_LIMIT || (length !== undefined && length > BODY_READ_CAP);
  return { data: Buffer.concat(chunks).subarray(0, BODY_READ_LIMIT), truncated };
}

/** The GET over the verified TLS socket (undici), recorded in the artifact. */
async function httpGet(undici: Undici, secure: TLSSocket, url: URL, request: PlannedRequest, artifact: ProbeRecord, step: Step): Promise<void> {
  const client = clientOver(undici, url.origin, secure);
  try {
    const tHttp = Date.now();
    const headers: Record<string, string> = { host: url.host, 'user-agent': `${TOOL_NAME}/${VERSION}`, ...requestHeaders(request.role), connection: 'close' };
    const res = await step(
      client.request({ method: 'GET', path: `${url.pathname}${url.search}`, headers }).catch((err: unknown) => {
        throw protocolError(err, 'http');
      }),
    );
    artifact.timings.firstByteMs = Date.now() - tHttp;
    artifact.headersAt = new Date().toISOString();
    const recorded = headerRecord(res.headers);
    const declared = res.headers['content-length'] !== undefined ? Number(res.headers['content-length']) : undefined;
    const body = await step(readBody(res.body, declared));
    const text = body.data.toString('utf8');
    artifact.response = {
      status: res.statusCode,
      statusText: res.statusText ?? '',
      headers: recorded,
      bodyBytes: body.data.length,
      bodyTruncated: body.truncated,
      bodyExcerpt: text.slice(0, BODY_EXCERPT_LIMIT),
    };
    if (recorded['content-type']) artifact.response.contentType = recorded['content-type'];
    if (recorded['date']) artifact.response.date = recorded['date'];
    if (expectsJson(request.role) && !body.truncated) {
      try {
        artifact.response.json = JSON.parse(text) as unknown;
      } catch {
        // not JSON: the checks judge that from the excerpt and content type
      }
    }
  } finally {
    void client.destroy().catch(() => undefined);
  }
}

/** TLS over an open socket with the probe's trust; verification is judged after the handshake so the chain can be recorded. */
function tlsHandshake(tcp: Socket, url: URL, ctx: ProbeContext, onSocket: (s: TLSSocket) => void): Promise<TLSSocket> {
  return new Promise<TLSSocket>((resolve, reject) => {
    const s = tlsConnect({
      socket: tcp,
      servername: isIP(url.hostname) ? undefined : url.hostname,
      secureContext: ctx.secureContext ?? probeSecureContext(ctx.ca),
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
    });
    onSocket(s);
    s.once('secureConnect', () => resolve(s));
    s.once('error', (err) => reject(new PhaseError('tls', errCode(err), cleanMessage(err))));
  });
}

function recordTls(secure: TLSSocket, url: URL, artifact: ProbeRecord): void {
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
}

/**
 * Makes one HTTPS request along a route and records every phase. Never throws; never runs past
 * ctx.timeoutMs (the deadline covers all phases together and destroys whatever socket is open).
 * DNS, TCP and TLS are the probe's own (its resolver, trust and recording); CONNECT and the GET are undici's.
 */
export async function runProbe(route: Route, request: PlannedRequest, ctx: ProbeContext, base: { pathId: number; pacResult?: string }): Promise<ProbeArtifact> {
  const t0 = Date.now();
  const artifact = newArtifact(route, request, base, t0);
  const url = new URL(request.url);
  const port = Number(url.port) || ctx.httpsPort || 443;

  let phase: ProbeStage = 'dns';
  let failure: Failure | undefined;
  // The outermost socket open (TCP, then the TLS socket over it): destroying it closes what lies below.
  // Never destroy the TCP socket under a live TLS socket: Node 20 can crash (SIGSEGV) on that.
  let socket: Socket | undefined;
  const track = (s: Socket) => {
    socket = s;
  };
  const deadline = phaseDeadline(ctx.timeoutMs, () => phase, () => socket);
  const step = deadline.step;

  try {
    const undici = await import('undici');
    listenForStatusText();
    // 1. Name resolution (direct: the endpoint; proxy: the proxy host).
    const target = route.kind === 'direct' ? url.hostname : route.host;
    const address = await resolveTarget(target, ctx, artifact, step);

    // 2. TCP connect.
    phase = 'connect';
    const tConnect = Date.now();
    let tcp = await step(connectTcp(address, route.kind === 'direct' ? port : route.port, track));
    artifact.timings.connectMs = Date.now() - tConnect;

    // 3. Proxy CONNECT.
    if (route.kind === 'proxy') {
      phase = 'proxy';
      tcp = await proxyConnect(undici, tcp, route, `${url.hostname}:${port}`, artifact, step);
    }

    // 4. TLS (nothing is sent unverified).
    phase = 'tls';
    const tTls = Date.now();
    const secure = await step(tlsHandshake(tcp, url, ctx, track));
    artifact.timings.tlsMs = Date.now() - tTls;
    recordTls(secure, url, artifact);

    // 5. HTTP request over the verified socket.
    phase = 'http';
    await httpGet(undici, secure, url, request, artifact, step);
  } catch (err) {
    failure = toFailure(err, phase);
  } finally {
    deadline.clear();
    socket?.destroy();
    artifact.timings.totalMs = Date.now() - t0;
  }
  return toProbeArtifact(artifact, failure);
}

/** Splits a finished record into key fields and the outcome (observations, or the failure with what came before it). */
function toProbeArtifact(record: ProbeRecord, failure: Failure | undefined): ProbeArtifact {
  const { pathId, requestKey, route, pacResult, startedAt, timings, ...seen } = record;
  const artifact: ProbeArtifact = { pathId, requestKey, route, startedAt, timings, outcome: gathered<ProbeObservation>(seen, failure) };
  if (pacResult !== undefined) artifact.pacResult = pacResult;
  return artifact;
}

function newArtifact(route: Route, request: PlannedRequest, base: { pathId: number; pacResult?: string }, t0: number): ProbeRecord {
  const artifact: ProbeRecord = {
    pathId: base.pathId,
    requestKey: request.key,
    route: route.kind === 'direct' ? 'direct' : route.label,
    startedAt: new Date(t0).toISOString(),
    timings: { totalMs: 0 },
  };
  if (base.pacResult !== undefined) artifact.pacResult = base.pacResult;
  return artifact;
}

/**
 * One deadline over every phase of a probe: at `ms` it destroys the open socket and fails the phase
 * in progress with ETIMEDOUT. `step` races a phase's promise against it.
 */
function phaseDeadline(ms: number, phase: () => ProbeStage, socket: () => Socket | undefined): { step: Step; clear: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      socket()?.destroy();
      reject(new PhaseError(phase(), 'ETIMEDOUT', `no answer within ${ms} ms (${phase()} phase)`));
    }, ms);
  });
  deadline.catch(() => undefined);
  return { step: (p) => Promise.race([p, deadline]), clear: () => clearTimeout(timer) };
}

async function resolveTarget(target: string, ctx: ProbeContext, artifact: ProbeRecord, step: Step): Promise<string> {
  if (isIP(target)) return target;
  const tDns = Date.now();
  const found = await step(
    ctx.resolve(target).catch((err: unknown) => {
      throw new PhaseError('dns', errCode(err), `${target}: ${cleanMessage(err)}`);
    }),
  );
  artifact.timings.dnsMs = Date.now() - tDns;
  artifact.dns = { host: target, addresses: found.addresses };
  if (found.servers) artifact.dns.servers = found.servers;
  return found.addresses[0] ?? target;
}

function connectTcp(host: string, port: number, track: (s: Socket) => void): Promise<Socket> {
  return new Promise<Socket>((resolve, reject) => {
    const s = netConnect({ host, port });
    track(s);
    probeSockets.add(s);
    s.once('connect', () => resolve(s));
    s.once('error', (err) => reject(new PhaseError('connect', errCode(err), cleanMessage(err))));
  });
}

function toFailure(err: unknown, phase: ProbeStage): Failure {
  if (err instanceof PhaseError) return { stage: err.phase, code: err.reason, message: redactCredentials(err.message) };
  const code = errCode(err);
  const cause = code === 'UND_ERR_ABORTED' || code === 'AbortError' || code === 'UND_ERR_HEADERS_TIMEOUT' ? 'ETIMEDOUT' : code === 'UND_ERR_SOCKET' ? 'ECONNRESET' : code;
  return { stage: phase, code: cause, message: cleanMessage(err) };
}
