/**
 * The one HTTP client of the cloud half (MSAL's network client and the Graph reads): undici with the
 * system CAs plus the configured CA file, TLS verified, a deadline per request, a bounded body, and an
 * origin allow-list: a request to any other origin is refused before it is sent, so a token or a
 * client secret can only ever go to the configured authority or Graph endpoint.
 */
import { rootCertificates } from 'node:tls';
import type { Dispatcher } from 'undici';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface CloudHttp {
  request(method: 'GET' | 'POST', url: string, init: { headers?: Record<string, string>; body?: string }): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** A request the client would not send, or that failed below HTTP: carries a stage and a short code. */
export class CloudHttpError extends Error {
  constructor(readonly stage: 'connect' | 'tls' | 'timeout' | 'config' | 'response', readonly code: string, message: string) {
    super(message);
    this.name = 'CloudHttpError';
  }
}

const BODY_CAP = 16 * 1024 * 1024;
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/i;

function classify(err: unknown, url: string, timeoutMs: number): CloudHttpError {
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e.cause?.code ?? e.code ?? e.name ?? 'ERROR';
  const host = new URL(url).host;
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || e.name === 'TimeoutError' || code === 'ABORT_ERR') {
    return new CloudHttpError('timeout', 'ETIMEDOUT', `${host}: no answer within ${timeoutMs} ms`);
  }
  if (TLS_CODES.test(code)) return new CloudHttpError('tls', code, `${host}: TLS verification failed (${code})`);
  return new CloudHttpError('connect', code, `${host}: ${code}`);
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > BODY_CAP) {
      body.destroy();
      throw new CloudHttpError('response', 'BODY_TOO_LARGE', `answer larger than ${BODY_CAP} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `allowedOrigins`: `https://host[:port]` (lower case, no path). `extraCa`: PEM text trusted on top of the system CAs. */
export async function cloudHttp(allowedOrigins: readonly string[], timeoutMs: number, extraCa?: string): Promise<CloudHttp> {
  const { Agent, request } = await import('undici');
  const ca = extraCa ? [...rootCertificates, extraCa] : [...rootCertificates];
  const agent = new Agent({ connect: { ca, rejectUnauthorized: true, timeout: timeoutMs }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  const allowed = new Set(allowedOrigins);
  return {
    async request(method, url, init) {
      const target = new URL(url);
      if (target.protocol !== 'https:' || !allowed.has(target.origin.toLowerCase())) {
        throw new CloudHttpError('config', 'FOREIGN_ORIGIN', `refused to send a request to ${target.origin}: only ${[...allowed].join(', ')} are configured`);
      }
      const signal = AbortSignal.timeout(timeoutMs);
      try {
        const res = await request(target, { method, headers: init.headers ?? {}, body: init.body ?? null, dispatcher: agent, signal });
        return { status: res.statusCode, headers: flatHeaders(res.headers), text: await readCapped(res.body) };
      } catch (err) {
        if (err instanceof CloudHttpError) throw err;
        throw classify(err, url, timeoutMs);
      }
    },
    async close() {
      await agent.close();
    },
  };
}
