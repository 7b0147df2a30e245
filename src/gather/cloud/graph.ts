/**
 * Microsoft Graph reads: one list followed through its @odata.nextLink pages (only on the Graph
 * endpoint's own origin: a token is never sent elsewhere), 429/503 answers retried after their
 * Retry-After (bounded in count and in wait), a bounded number of pages. Values from Graph are
 * untrusted: strings are bounded, device keys are reduced to "is it an X509: value".
 */
import type { CloudAlternativeSecurityId, CloudDevice, CloudFailure, CloudReadNotes, DrsServicePrincipal } from '../../artifacts/cloud.js';
import type { GraphSettings } from '../../config/cloud.js';
import { sanitizeInline } from '../../util/sanitize.js';
import { CloudHttpError, type CloudHttp, type HttpAnswer } from './http.js';

export const DRS_APP_ID = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9';
export const DEVICE_SELECT = 'id,deviceId,displayName,accountEnabled,trustType,alternativeSecurityIds,isManaged,isCompliant,approximateLastSignInDateTime,registrationDateTime,operatingSystem,operatingSystemVersion,profileType,onPremisesSyncEnabled';

export class GraphError extends Error {
  constructor(readonly failure: CloudFailure) {
    super(failure.message);
    this.name = 'GraphError';
  }
}

export interface GraphContext {
  http: CloudHttp;
  graph: GraphSettings;
  token: string;
  notes: CloudReadNotes;
  /** Injected for tests; the real one waits. */
  sleep?: (ms: number) => Promise<void>;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now = Date.now()): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d{1,9}$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

function shortPath(url: string): string {
  const u = new URL(url);
  return `${u.pathname}${u.search.length > 120 ? `${u.search.slice(0, 120)}…` : u.search}`;
}

function graphErrorText(answer: HttpAnswer): string {
  try {
    const body = JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown } };
    const code = typeof body.error?.code === 'string' ? body.error.code : '';
    const message = typeof body.error?.message === 'string' ? body.error.message : '';
    return sanitizeInline(`${code}${code && message ? ': ' : ''}${message}`.slice(0, 200));
  } catch {
    return '';
  }
}

function httpFailure(answer: HttpAnswer, url: string): CloudFailure {
  const said = graphErrorText(answer);
  const where = `Graph ${shortPath(url)} answered HTTP ${answer.status}${said ? ` (${said})` : ''}`;
  if (answer.status === 401) return { stage: 'auth', code: 'HTTP_401', message: `${where}: the token was not accepted` };
  if (answer.status === 403) return { stage: 'http', code: 'HTTP_403', message: `${where}: the app lacks the permission (Device.Read.All, Application.Read.All, admin consent: see docs/cloud.md)` };
  return { stage: 'http', code: `HTTP_${answer.status}`, message: where };
}

/** One GET with retries on 429/503 (after Retry-After, at most maxRetries times, no wait beyond maxRetryAfterSeconds). */
export async function graphGet(ctx: GraphContext, url: string): Promise<unknown> {
  const sleep = ctx.sleep ?? wait;
  for (let attempt = 0; ; attempt++) {
    let answer: HttpAnswer;
    try {
      answer = await ctx.http.request('GET', url, { headers: { authorization: `Bearer ${ctx.token}`, accept: 'application/json' } });
    } catch (err) {
      if (err instanceof CloudHttpError) throw new GraphError({ stage: err.stage === 'config' ? 'config' : err.stage, code: err.code, message: `Graph ${shortPath(url)}: ${err.message}` });
      throw err;
    }
    if (answer.status === 429 || answer.status === 503) {
      const asked = retryAfterSeconds(answer.headers['retry-after']);
      const seconds = asked ?? Math.min(2 ** attempt, ctx.graph.maxRetryAfterSeconds);
      if (attempt >= ctx.graph.maxRetries || seconds > ctx.graph.maxRetryAfterSeconds) {
        throw new GraphError({ stage: 'throttled', code: `HTTP_${answer.status}`, message: `Graph ${shortPath(url)} is throttled (HTTP ${answer.status}, Retry-After ${answer.headers['retry-after'] ?? 'none'}) after ${attempt} retries; the limits are cloud.maxRetries ${ctx.graph.maxRetries} and cloud.maxRetryAfterSeconds ${ctx.graph.maxRetryAfterSeconds}` });
      }
      const started = Date.now();
      await sleep(seconds * 1000);
      ctx.notes.retries.push({ url: shortPath(url), status: answer.status, retryAfter: answer.headers['retry-after'] ?? null, waitedMs: Date.now() - started });
      continue;
    }
    if (answer.status !== 200) throw new GraphError(httpFailure(answer, url));
    try {
      return JSON.parse(answer.text) as unknown;
    } catch {
      throw new GraphError({ stage: 'response', code: 'NOT_JSON', message: `Graph ${shortPath(url)} answered HTTP 200 with a body that is not JSON` });
    }
  }
}

/** Every item of a collection, following @odata.nextLink on the Graph origin only, at most maxPages pages. */
export async function graphList(ctx: GraphContext, path: string): Promise<unknown[]> {
  const origin = new URL(ctx.graph.graphEndpoint).origin;
  const items: unknown[] = [];
  let url: string | undefined = `${ctx.graph.graphEndpoint}${path}`;
  for (let page = 0; url !== undefined; page++) {
    if (page >= ctx.graph.maxPages) {
      ctx.notes.truncated = true;
      throw new GraphError({ stage: 'response', code: 'TOO_MANY_PAGES', message: `Graph ${shortPath(`${ctx.graph.graphEndpoint}${path}`)} has more than ${ctx.graph.maxPages} pages (cloud.maxPages): the list would be incomplete` });
    }
    const body = (await graphGet(ctx, url)) as { value?: unknown; '@odata.nextLink'?: unknown };
    ctx.notes.pages++;
    if (!Array.isArray(body.value)) throw new GraphError({ stage: 'response', code: 'NO_VALUE', message: `Graph ${shortPath(url)} answered without a value array` });
    items.push(...body.value);
    const next = body['@odata.nextLink'];
    url = undefined;
    if (typeof next === 'string') {
      let nextUrl: URL | undefined;
      try {
        nextUrl = new URL(next);
      } catch {
        nextUrl = undefined;
      }
      if (!nextUrl || nextUrl.origin !== origin) {
        ctx.notes.refusedNextLink = sanitizeInline(next.slice(0, 200));
        throw new GraphError({ stage: 'response', code: 'FOREIGN_NEXT_LINK', message: `Graph paging pointed away from ${origin} (${ctx.notes.refusedNextLink}); not followed, so the token stays with Graph and the list is incomplete` });
      }
      url = nextUrl.href;
    }
  }
  return items;
}

const str = (v: unknown, max = 256): string | null => (typeof v === 'string' ? v.slice(0, max) : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** The key is base64 of UTF-16LE text; a completed registration's starts with `X509:`. Only that fact is kept. */
export function reduceAltSecId(v: unknown): CloudAlternativeSecurityId {
  const o = (typeof v === 'object' && v !== null ? v : {}) as { type?: unknown; key?: unknown };
  const type = typeof o.type === 'number' && Number.isInteger(o.type) ? o.type : null;
  let x509 = false;
  if (typeof o.key === 'string') {
    const head = Buffer.from(o.key.slice(0, 64), 'base64').toString('utf16le');
    x509 = head.startsWith('X509:');
  }
  return { type, x509 };
}

export function toCloudDevice(v: unknown): CloudDevice | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const id = str(o['id'], 64);
  if (!id) return null;
  const alt = Array.isArray(o['alternativeSecurityIds']) ? o['alternativeSecurityIds'].slice(0, 32).map(reduceAltSecId) : [];
  return {
    id,
    deviceId: str(o['deviceId'], 64),
    displayName: str(o['displayName']),
    accountEnabled: bool(o['accountEnabled']),
    trustType: str(o['trustType'], 32),
    alternativeSecurityIds: alt,
    isManaged: bool(o['isManaged']),
    isCompliant: bool(o['isCompliant']),
    approximateLastSignInDateTime: str(o['approximateLastSignInDateTime'], 40),
    registrationDateTime: str(o['registrationDateTime'], 40),
    operatingSystem: str(o['operatingSystem'], 64),
    operatingSystemVersion: str(o['operatingSystemVersion'], 64),
    profileType: str(o['profileType'], 32),
    onPremisesSyncEnabled: bool(o['onPremisesSyncEnabled']),
  };
}

export async function readDevices(ctx: GraphContext, filter?: string): Promise<CloudDevice[]> {
  const query = `$select=${DEVICE_SELECT}&$top=999${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`;
  const items = await graphList(ctx, `/v1.0/devices?${query}`);
  return items.map(toCloudDevice).filter((d): d is CloudDevice => d !== null);
}

export async function readDrsServicePrincipal(ctx: GraphContext): Promise<DrsServicePrincipal> {
  const items = await graphList(ctx, `/v1.0/servicePrincipals?$filter=${encodeURIComponent(`appId eq '${DRS_APP_ID}'`)}&$select=id,appId,displayName,accountEnabled`);
  const sp = items.find((i) => typeof i === 'object' && i !== null && String((i as { appId?: unknown }).appId).toLowerCase() === DRS_APP_ID) as Record<string, unknown> | undefined;
  if (!sp) return { found: false };
  return { found: true, id: str(sp['id'], 64) ?? '', appId: DRS_APP_ID, displayName: str(sp['displayName']), accountEnabled: bool(sp['accountEnabled']) };
}
