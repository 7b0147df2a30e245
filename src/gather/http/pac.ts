import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { QuickJS } from 'quickjs-wasi';
import type { PacArtifact, PlannedRequest } from '../../artifacts/network.js';
import type { Failure } from '../../artifacts/outcome.js';
import { redactCredentials } from '../../derived/network/proxy-rules.js';
import { withTimeout } from '../../util/timeout.js';
import type { ProbeContext } from './probe.js';

const PAC_SIZE_LIMIT = 1024 * 1024;
const PAC_MEMORY_LIMIT = 32 * 1024 * 1024;

let engine: Promise<{ QuickJS: typeof QuickJS; createPacResolver: typeof import('pac-resolver').createPacResolver }> | undefined;

/**
 * The PAC sandbox (QuickJS in WebAssembly) and resolver, loaded once and on demand: ~90 ms of start-up
 * that runs without a PAC never pay. Call it early (it starts loading) so it overlaps the PAC download.
 */
export function loadPacEngine(): NonNullable<typeof engine> {
  engine ??= Promise.all([import('quickjs-wasi'), import('pac-resolver')]).then(([q, p]) => ({ QuickJS: q.QuickJS, createPacResolver: p.createPacResolver }));
  return engine;
}

/** Fetches a PAC file from a URL (direct, with the probe's trust and DNS) or reads it from a path. */
export async function loadPac(source: string, ctx: ProbeContext): Promise<{ ok: true; text: string; contentType?: string } | { ok: false; failure: Failure }> {
  if (/^https?:\/\//i.test(source)) return loadPacHttp(new URL(source), ctx);
  try {
    const text = await readFile(source, 'utf8');
    if (text.length > PAC_SIZE_LIMIT) return { ok: false, failure: { stage: 'pac', code: 'TOO_LARGE', message: 'the PAC file is larger than 1 MiB' } };
    return { ok: true, text };
  } catch (err) {
    return { ok: false, failure: { stage: 'pac', code: (err as NodeJS.ErrnoException).code ?? 'ERROR', message: `cannot read ${source}` } };
  }
}

/** PAC download (the usual http://wpad/wpad.dat, or https with the probes' trust) with a hard deadline and size cap. */
async function loadPacHttp(url: URL, ctx: ProbeContext): Promise<{ ok: true; text: string; contentType?: string } | { ok: false; failure: Failure }> {
  const { request, Agent } = await import('undici');
  const controller = new AbortController();
  const dispatcher = new Agent({ connect: { ca: ctx.ca, servername: url.hostname, rejectUnauthorized: true, timeout: ctx.timeoutMs } });
  try {
    let host = url.hostname.replace(/^\[|\]$/g, '');
    if (!isIP(host)) {
      const found = await withTimeout(ctx.resolve(host), ctx.timeoutMs, 'PAC name resolution');
      host = found.addresses[0] ?? host;
    }
    const target = new URL(url.href);
    target.hostname = isIP(host) === 6 ? `[${host}]` : host;
    const res = await withTimeout(
      request(target, { method: 'GET', headers: { host: url.host, accept: 'application/x-ns-proxy-autoconfig, */*' }, dispatcher, signal: controller.signal, headersTimeout: ctx.timeoutMs, bodyTimeout: ctx.timeoutMs }),
      ctx.timeoutMs,
      'PAC download',
      () => controller.abort(),
    );
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > PAC_SIZE_LIMIT) {
        res.body.destroy();
        return { ok: false, failure: { stage: 'pac', code: 'TOO_LARGE', message: 'the PAC file is larger than 1 MiB' } };
      }
      chunks.push(chunk as Buffer);
    }
    if (res.statusCode !== 200) return { ok: false, failure: { stage: 'pac', code: 'HTTP_STATUS', message: `PAC download answered HTTP ${res.statusCode}` } };
    const ct = res.headers['content-type'];
    const text = Buffer.concat(chunks).toString('utf8');
    return typeof ct === 'string' ? { ok: true, text, contentType: ct } : { ok: true, text };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, failure: { stage: 'pac', code: e.code ?? 'ERROR', message: redactCredentials(`PAC download failed: ${e.message}`) } };
  } finally {
    controller.abort();
    await dispatcher.destroy().catch(() => undefined);
  }
}

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
}

/** The PAC helper functions that would touch the network are replaced by ones that use our resolver only. */
function sandbox(ctx: ProbeContext) {
  const resolve4 = async (host: string): Promise<string | null> => {
    if (isIP(host) === 4) return host;
    try {
      const found = await withTimeout(ctx.resolve(host), Math.min(ctx.timeoutMs, 5000), 'PAC dnsResolve');
      return found.addresses.find((a) => isIP(a) === 4) ?? null;
    } catch {
      return null;
    }
  };
  return {
    alert: () => undefined,
    dnsResolve: async (host: string) => resolve4(String(host)),
    isResolvable: async (host: string) => (await resolve4(String(host))) !== null,
    isInNet: async (host: string, pattern: string, mask: string) => {
      const ip = await resolve4(String(host));
      if (!ip || isIP(String(pattern)) !== 4 || isIP(String(mask)) !== 4) return false;
      const m = ipv4ToInt(String(mask));
      return (ipv4ToInt(ip) & m) === (ipv4ToInt(String(pattern)) & m);
    },
    // Never open a socket to learn our address (the library default connects to a public resolver).
    myIpAddress: async () => {
      for (const list of Object.values(networkInterfaces())) {
        for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
      }
      return '127.0.0.1';
    },
  };
}

/** A FindProxyForURL decision that gave no answer. */
function evalFailure(code: string, message: string): { ok: false; failure: Failure } {
  return { ok: false, failure: { stage: 'pac', code, message } };
}

function timedOut(err: unknown): boolean {
  const e = err as { name?: string; code?: unknown; message?: string } | undefined;
  return e?.name === 'TimeoutError' || e?.code === 'ETIMEDOUT' || /timed? ?out|interrupted/i.test(e?.message ?? '');
}

/**
 * Loads one PAC and asks its FindProxyForURL for every request, inside a QuickJS (WebAssembly) sandbox with a
 * memory cap and an instruction-level deadline. Never throws.
 */
export async function evaluatePac(
  pathId: number,
  source: string,
  requests: readonly PlannedRequest[],
  ctx: ProbeContext,
  /** A download already under way for this PAC (so a second batch of requests does not fetch it again). */
  preloaded?: ReturnType<typeof loadPac>,
): Promise<PacArtifact> {
  const loaded = await (preloaded ?? loadPac(source, ctx));
  if (!loaded.ok) return { pathId, source, load: { ok: false, failure: loaded.failure }, decisions: {} };
  const value: { bytes: number; contentType?: string } = { bytes: Buffer.byteLength(loaded.text) };
  if (loaded.contentType) value.contentType = loaded.contentType;
  const artifact: PacArtifact = { pathId, source, load: { ok: true, value }, decisions: {} };
  let deadline = Date.now() + ctx.timeoutMs;
  let qjs: QuickJS | undefined;
  try {
    const { QuickJS: Engine, createPacResolver } = await loadPacEngine();
    qjs = await Engine.create({ memoryLimit: PAC_MEMORY_LIMIT, interruptHandler: () => Date.now() > deadline });
    const find = createPacResolver(qjs, loaded.text, { filename: 'proxy.pac', sandbox: sandbox(ctx) });
    for (const r of requests) {
      deadline = Date.now() + ctx.timeoutMs;
      try {
        const result = await withTimeout(find(r.url), ctx.timeoutMs, 'FindProxyForURL');
        artifact.decisions[r.key] = typeof result === 'string' ? { ok: true, value: result } : evalFailure('EVAL', `FindProxyForURL returned ${typeof result}`);
      } catch (err) {
        artifact.decisions[r.key] = evalFailure(timedOut(err) ? 'ETIMEDOUT' : 'EVAL', `FindProxyForURL failed: ${redactCredentials((err as Error).message ?? String(err))}`);
      }
    }
  } catch (err) {
    const message = `the PAC script does not compile: ${redactCredentials((err as Error).message ?? String(err))}`;
    for (const r of requests) artifact.decisions[r.key] = evalFailure('COMPILE', message);
  } finally {
    try {
      qjs?.dispose();
    } catch {
      // already gone
    }
  }
  return artifact;
}
