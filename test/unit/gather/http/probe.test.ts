/**
 * runProbe against in-process servers on 127.0.0.1 (no lab): what the probe records from a proxy's
 * CONNECT answer, a non-HTTP proxy, a tunnelled and a direct HTTPS answer, a head that never ends,
 * an oversized body, and its deadline.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttps, type Server as HttpsServer } from 'node:https';
import { connect as netConnect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlannedRequest } from '../../../../src/artifacts/network.js';
import { probeFacts } from '../../../../src/derived/network/view.js';
import { BODY_READ_LIMIT, probeSecureContext, runProbe, type ProbeContext, type Route } from '../../../../src/gather/http/probe.js';
import { makeFaultCerts, type FaultCerts } from '../../../lab/faults.js';

const HOST = 'probe.test';
const SECRET = 'Basic dXNlcjpzM2NyM3Q=';

type Answer = (socket: Socket, head: string) => void;

function listen(server: Server | HttpsServer): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** A proxy that reads the CONNECT head and answers it with `answer`. */
async function fakeProxy(answer: Answer): Promise<{ port: number; heads: string[]; server: Server }> {
  const heads: string[] = [];
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    let buf = '';
    const onData = (d: Buffer) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      heads.push(buf.slice(0, end));
      answer(socket, buf.slice(0, end));
    };
    socket.on('data', onData);
  });
  return { port: await listen(server), heads, server };
}

describe('runProbe (undici over the probe\'s own sockets)', () => {
  let certs: FaultCerts;
  let https: HttpsServer;
  let httpsPort = 0;
  const servers: Array<Server | HttpsServer> = [];
  const seen: Array<Record<string, string | string[] | undefined>> = [];

  const request = (path = '/contoso.com/discover?api-version=1.7'): PlannedRequest => ({ key: `drs-discover:${path}`, role: 'drs-discover', host: HOST, url: `https://${HOST}${path}` });
  const ctx = (timeoutMs = 3000): ProbeContext => ({
    timeoutMs,
    ca: [readFileSync(certs.caFile, 'utf8')],
    secureContext: probeSecureContext([readFileSync(certs.caFile, 'utf8')]),
    resolve: async () => ({ addresses: ['127.0.0.1'], servers: ['127.0.0.1'] }),
    httpsPort,
  });
  const proxy = (port: number, authorization?: string): Route => ({ kind: 'proxy', host: '127.0.0.1', port, label: `http://127.0.0.1:${port}`, ...(authorization ? { authorization } : {}) });

  beforeAll(async () => {
    certs = makeFaultCerts([], [HOST]);
    https = createHttps({ key: certs.key, cert: certs.cert }, (req, res) => {
      seen.push(req.headers);
      if (req.url?.startsWith('/big')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(16 * 1024, 'x');
        let n = 0;
        const pump = () => {
          while (n < 64 && res.write(chunk)) n++;
          if (n < 64) res.once('drain', pump);
          else res.end();
        };
        pump();
        return;
      }
      res.writeHead(200, 'Fine', { 'content-type': 'application/json', date: 'Wed, 25 Nov 2026 08:00:00 GMT', 'set-cookie': 'a=1' });
      // Two writes without a length: a chunked body.
      res.write('{"a":');
      res.end('1}');
    });
    httpsPort = await listen(https);
    servers.push(https);
  });

  afterAll(async () => {
    for (const s of servers) {
      (s as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((r) => s.close(() => r(undefined)));
    }
    certs?.cleanup();
  });

  it('direct: DNS, TLS, status, headers and a chunked JSON body are recorded; the request headers are the probe\'s', async () => {
    const p = probeFacts(await runProbe({ kind: 'direct' }, request(), ctx(), { pathId: 0 }));
    expect(p.failure).toBeUndefined();
    expect(p.dns).toEqual({ host: HOST, addresses: ['127.0.0.1'], servers: ['127.0.0.1'] });
    expect(p.tls).toMatchObject({ authorized: true });
    expect(p.tls?.protocol).toMatch(/^TLSv1/);
    expect(p.tls?.cipher).toBeTruthy();
    expect(p.tls?.chain[0]?.subject).toMatch(/CN=fault-dc/);
    expect(p.response).toMatchObject({ status: 200, statusText: 'Fine', contentType: 'application/json', date: 'Wed, 25 Nov 2026 08:00:00 GMT', bodyBytes: 7, bodyTruncated: false, bodyExcerpt: '{"a":1}', json: { a: 1 } });
    expect(p.response?.headers['set-cookie']).toBeUndefined();
    expect(p.response?.headers['transfer-encoding']).toBe('chunked');
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'firstByteMs'] as const) expect(p.timings[k]).toBeGreaterThanOrEqual(0);
    expect(p.timings.proxyConnectMs).toBeUndefined();
    expect(p.headersAt).toBeTruthy();
    const h = seen.at(-1) ?? {};
    expect(h['host']).toBe(HOST);
    expect(h['user-agent']).toMatch(/^haadj-preflight\//);
    expect(h['ocp-adrs-client-name']).toBeTruthy();
    expect(h['connection']).toBe('close');
  });

  it('an untrusted chain: the TLS failure is recorded with the chain and nothing is sent (several at once, the process survives)', async () => {
    const before = seen.length;
    const untrusted: ProbeContext = { ...ctx(), ca: [], secureContext: probeSecureContext([]) };
    const ps = (await Promise.all([0, 1, 2, 3].map(() => runProbe({ kind: 'direct' }, request(), untrusted, { pathId: 0 })))).map(probeFacts);
    for (const p of ps) {
      expect(p.failure).toMatchObject({ stage: 'tls', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      expect(p.tls).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
      expect(p.tls?.chain.length).toBeGreaterThan(0);
      expect(p.response).toBeUndefined();
    }
    expect(seen.length).toBe(before);
  });

  it('a body longer than the read limit is cut at the limit and marked truncated; no JSON is kept', async () => {
    const p = probeFacts(await runProbe({ kind: 'direct' }, request('/big/discover'), ctx(), { pathId: 0 }));
    expect(p.failure).toBeUndefined();
    expect(p.response?.bodyBytes).toBe(BODY_READ_LIMIT);
    expect(p.response?.bodyTruncated).toBe(true);
    expect(p.response?.json).toBeUndefined();
  });

  it('a 407 to CONNECT keeps status, reason, repeated Proxy-Authenticate and a body excerpt; the credential is sent, never recorded', async () => {
    const body = 'access denied';
    const fake = await fakeProxy((s) => s.end(`HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="x"\r\nProxy-Authenticate: NTLM\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    servers.push(fake.server);
    const artifact = await runProbe(proxy(fake.port, SECRET), request(), ctx(), { pathId: 1 });
    // The artifact: key fields outside, the failure inside the outcome with the CONNECT answer kept as partial evidence.
    expect(artifact).toMatchObject({ pathId: 1, requestKey: request().key, route: `http://127.0.0.1:${fake.port}`, outcome: { ok: false, partial: { proxyResponse: { status: 407 } } } });
    const p = probeFacts(artifact);
    expect(p.failure).toMatchObject({ stage: 'proxy', code: 'PROXY_STATUS', message: 'the proxy answered CONNECT with 407 Proxy Authentication Required' });
    expect(p.proxyResponse).toEqual({ status: 407, statusText: 'Proxy Authentication Required', headers: { 'proxy-authenticate': 'Basic realm="x", NTLM', 'content-length': String(body.length) }, bodyExcerpt: body });
    expect(p.dns).toBeUndefined();
    expect(p.timings.proxyConnectMs).toBeGreaterThanOrEqual(0);
    const head = fake.heads[0] ?? '';
    expect(head.split('\r\n')[0]).toBe(`CONNECT ${HOST}:${httpsPort} HTTP/1.1`);
    expect(head).toMatch(new RegExp(`^host: ${HOST}:${httpsPort}$`, 'im'));
    expect(head).toMatch(/^proxy-authorization: Basic dXNlcjpzM2NyM3Q=$/im);
    expect(JSON.stringify(p)).not.toContain('dXNlcjpzM2NyM3Q');
  });

  it('a proxy that does not speak HTTP: EPROTO in the proxy phase', async () => {
    const fake = await fakeProxy((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    servers.push(fake.server);
    const p = probeFacts(await runProbe(proxy(fake.port), request(), ctx(), { pathId: 1 }));
    expect(p.failure).toMatchObject({ stage: 'proxy', code: 'EPROTO' });
    expect(p.failure?.message).toMatch(/did not answer CONNECT with HTTP/);
  });

  it('a proxy that answers CONNECT with binary garbage: EPROTO in the proxy phase, the read stops early', async () => {
    const garbage = Buffer.alloc(256 * 1024);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 131 + 7) & 0xff;
    const fake = await fakeProxy((s) => s.end(garbage));
    servers.push(fake.server);
    const p = probeFacts(await runProbe(proxy(fake.port), request(), ctx(), { pathId: 1 }));
    expect(p.failure).toMatchObject({ stage: 'proxy', code: 'EPROTO' });
    expect(p.failure?.message).toMatch(/^the proxy did not answer CONNECT with HTTP \(/);
    expect(p.failure?.message.length).toBeLessThan(400);
  });

  it('a proxy that resets the connection: ECONNRESET in the proxy phase', async () => {
    const fake = await fakeProxy((s) => s.resetAndDestroy());
    servers.push(fake.server);
    const p = probeFacts(await runProbe(proxy(fake.port), request(), ctx(), { pathId: 1 }));
    expect(p.failure).toMatchObject({ stage: 'proxy', code: 'ECONNRESET' });
  });

  it('a proxy that closes without answering: ECONNRESET in the proxy phase', async () => {
    const fake = await fakeProxy((s) => s.end());
    servers.push(fake.server);
    const p = probeFacts(await runProbe(proxy(fake.port), request(), ctx(), { pathId: 1 }));
    expect(p.failure).toMatchObject({ stage: 'proxy', code: 'ECONNRESET' });
  });

  it('a proxy whose answer head never ends: EPROTO, oversized response head', async () => {
    const fake = await fakeProxy((s) => {
      s.write('HTTP/1.1 200 OK\r\n');
      for (let i = 0; i < 100; i++) s.write(`X-Filler-${i}: ${'y'.repeat(500)}\r\n`);
    });
    servers.push(fake.server);
    const p = probeFacts(await runProbe(proxy(fake.port), request(), ctx(), { pathId: 1 }));
    expect(p.failure).toMatchObject({ stage: 'proxy', code: 'EPROTO' });
    expect(p.failure?.message).toMatch(/oversized response head/);
  });

  it('tunnels through a proxy that answers 200: the endpoint\'s answer is recorded with the proxy\'s', async () => {
    const fake = await fakeProxy((s) => {
      const up = netConnect({ host: '127.0.0.1', port: httpsPort }, () => {
        s.write('HTTP/1.1 200 Connection established\r\n\r\n');
        s.pipe(up).pipe(s);
      });
      up.on('error', () => s.destroy());
    });
    servers.push(fake.server);
    const p = probeFacts(await runProbe(proxy(fake.port), request(), ctx(), { pathId: 1 }));
    expect(p.failure).toBeUndefined();
    expect(p.proxyResponse).toEqual({ status: 200, statusText: 'Connection established', headers: {} });
    expect(p.response).toMatchObject({ status: 200, bodyExcerpt: '{"a":1}' });
    expect(p.timings.proxyConnectMs).toBeGreaterThanOrEqual(0);
  });

  it('a proxy that never answers CONNECT: ETIMEDOUT in the proxy phase at the deadline', async () => {
    const fake = await fakeProxy(() => undefined);
    servers.push(fake.server);
    const p = probeFacts(await runProbe(proxy(fake.port), request(), ctx(400), { pathId: 1 }));
    expect(p.failure).toMatchObject({ stage: 'proxy', code: 'ETIMEDOUT', message: 'no answer within 400 ms (proxy phase)' });
    expect(p.timings.totalMs).toBeGreaterThanOrEqual(390);
    expect(p.timings.totalMs).toBeLessThan(1500);
  });
});
