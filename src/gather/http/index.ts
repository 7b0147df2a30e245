import { execFile } from 'node:child_process';
import { promises as dnsPromises } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import type { NetworkArtifact, PacArtifact, PlannedRequest, ProbeArtifact, ProxyPath } from '../../artifacts/network.js';
import type { ForestArtifact, TenantSettings } from '../../artifacts/types.js';
import type { NetworkSettings } from '../../config/network.js';
import { parseProxyUrl } from '../../config/network.js';
import { planRequests, type Cloud } from '../../derived/network/endpoints.js';
import { bypassMatches, parsePacResult, parseWinHttpProxy, redactCredentials, splitNoProxy } from '../../derived/network/proxy-rules.js';
import { tenantTargets } from '../../derived/network/tenants.js';
import { decodeWindowsText } from '../../derived/windows-text.js';
import { UserError } from '../../util/errors.js';
import { registerSecret } from '../../util/secrets.js';
import { mapLimit, withTimeout } from '../../util/timeout.js';
import { createDnsClient } from '../dns/resolver.js';
import { evaluatePac, loadPac, loadPacEngine } from './pac.js';
import { probeSecureContext, runProbe, type ProbeContext, type Route } from './probe.js';

export interface NetworkGatherInput {
  cloud: Cloud;
  tenant?: TenantSettings;
  network: NetworkSettings;
  /** Forest artifacts already gathered (their SCPs name the tenants); empty for `probe`. */
  forests: readonly ForestArtifact[];
  /** Environment to read HTTPS_PROXY / NO_PROXY / NODE_EXTRA_CA_CERTS from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Test hook: port of the HTTPS endpoints (default 443). */
  httpsPort?: number;
}

/** A path plus the secret it needs (kept out of the artifact). */
interface PathPlan {
  path: ProxyPath;
  authorization?: string;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

/** Trust for the probes: Node's bundle + NODE_EXTRA_CA_CERTS + network.caFile. An unreadable caFile is a user error. */
async function trust(network: NetworkSettings, env: NodeJS.ProcessEnv, notes: string[]): Promise<string[]> {
  const ca = [...rootCertificates];
  const extra = env['NODE_EXTRA_CA_CERTS'];
  if (extra) {
    try {
      ca.push(await readFile(extra, 'utf8'));
    } catch (err) {
      notes.push(`NODE_EXTRA_CA_CERTS (${extra}) could not be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  if (network.caFile) {
    let text: string;
    try {
      text = await readFile(network.caFile, 'utf8');
    } catch (err) {
      throw new UserError(`network.caFile ${network.caFile}: cannot read it: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new UserError(`network.caFile ${network.caFile} holds no PEM certificate`);
    ca.push(text);
  }
  return ca;
}

/** `netsh winhttp show proxy` on Windows (bounded); undefined elsewhere. */
function readWinHttpLive(timeoutMs: number): Promise<{ text?: string; error?: string }> {
  return new Promise((resolve) => {
    // Bytes, not a string: netsh writes the console's OEM code page (cp850 on a German Windows).
    execFile('netsh', ['winhttp', 'show', 'proxy'], { timeout: timeoutMs, windowsHide: true, maxBuffer: 64 * 1024, encoding: 'buffer' }, (err, stdout) => {
      resolve(err ? { error: `netsh winhttp show proxy failed: ${err.message}` } : { text: decodeWindowsText(stdout) });
    });
  });
}

/** The path list under construction: one path per label, credentials and kind; ids in insertion order. */
class PathList {
  readonly plans: PathPlan[] = [];

  add(path: Omit<ProxyPath, 'id'>, authorization?: string): void {
    if (this.plans.some((p) => p.path.label === path.label && p.path.credentials === path.credentials && p.path.kind === path.kind)) return;
    const plan: PathPlan = { path: { id: this.plans.length, ...path } };
    if (authorization) plan.authorization = authorization;
    this.plans.push(plan);
  }

  /** An explicit proxy, and with credentials its credentialed twin (SYSTEM has none; the twin tells "needs auth" from "blocked"). */
  addHttp(url: string, source: ProxyPath['source'], creds: { username: string; password: string } | undefined, bypass?: string[]): void {
    const base: Omit<ProxyPath, 'id'> = { label: url, kind: 'http', proxyUrl: url, source, credentials: 'none' };
    if (bypass && bypass.length > 0) base.bypass = bypass;
    this.add(base);
    if (creds) {
      // Last line of defence (util/secrets): whatever is written later is scrubbed of these.
      registerSecret(creds.password);
      registerSecret(basic(creds.username, creds.password).slice('Basic '.length));
      this.add({ ...base, credentials: 'supplied' }, basic(creds.username, creds.password));
    }
  }
}

/** Credentials of a configured proxy: inline, or from the environment variables it names. */
function proxyCredentials(p: Extract<NetworkSettings['proxies'][number], { kind: 'http' }>, i: number, env: NodeJS.ProcessEnv): { username: string; password: string } | undefined {
  if (!(p.usernameEnv && p.passwordEnv)) return p.inline;
  const username = env[p.usernameEnv];
  const password = env[p.passwordEnv];
  if (!username || password === undefined) throw new UserError(`network.proxies[${i}]: environment variable ${!username ? p.usernameEnv : p.passwordEnv} is not set`);
  return { username, password };
}

/** The environment's HTTPS_PROXY (with NO_PROXY as its bypass list); a note when it is unset or unusable. */
function addEnvProxy(list: PathList, env: NodeJS.ProcessEnv, notes: string[]): void {
  const raw = env['HTTPS_PROXY'] ?? env['https_proxy'];
  if (!raw) {
    notes.push('HTTPS_PROXY is not set in the environment: no environment proxy path.');
    return;
  }
  let parsed: ReturnType<typeof parseProxyUrl>;
  try {
    parsed = parseProxyUrl(raw, 'HTTPS_PROXY');
  } catch (err) {
    notes.push(redactCredentials((err as Error).message));
    return;
  }
  const creds = parsed.username !== undefined ? { username: parsed.username, password: parsed.password ?? '' } : undefined;
  list.addHttp(parsed.url, 'env', creds, splitNoProxy(env['NO_PROXY'] ?? env['no_proxy']));
}

/** The WinHTTP proxy as SYSTEM sees it: a saved `netsh winhttp show proxy`, or the live one on Windows. */
async function addWinHttpProxy(list: PathList, network: NetworkSettings, notes: string[], platform: NodeJS.Platform): Promise<void> {
  let winhttpText: string | undefined;
  if (network.winhttpProxyFile) {
    try {
      // Saved by `netsh ... > file` (OEM code page) or PowerShell (UTF-16): same decoder as dsregcmd captures.
      winhttpText = decodeWindowsText(await readFile(network.winhttpProxyFile));
    } catch (err) {
      throw new UserError(`network.winhttpProxyFile ${network.winhttpProxyFile}: cannot read it: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  } else if (platform === 'win32') {
    const live = await readWinHttpLive(Math.min(network.timeoutMs, 10_000));
    if (live.error) notes.push(live.error);
    winhttpText = live.text;
  }
  if (winhttpText === undefined) return;
  const w = parseWinHttpProxy(winhttpText);
  if ('error' in w) notes.push(`WinHTTP proxy settings not understood: ${w.error}`);
  else if (w.direct) list.add({ label: 'direct', kind: 'direct', source: 'winhttp', credentials: 'none' });
  else list.addHttp(w.proxy, 'winhttp', undefined, w.bypass);
}

/** Expands the configured proxy list into concrete paths (system paths and, for proxies with credentials, their credentialed twins). */
async function planPaths(network: NetworkSettings, env: NodeJS.ProcessEnv, notes: string[], platform: NodeJS.Platform): Promise<PathPlan[]> {
  const list = new PathList();
  for (const [i, p] of network.proxies.entries()) {
    if (p.kind === 'direct') list.add({ label: 'direct', kind: 'direct', source: 'config', credentials: 'none' });
    else if (p.kind === 'pac') list.add({ label: `pac:${redactCredentials(p.source)}`, kind: 'pac', pacSource: redactCredentials(p.source), source: 'config', credentials: 'none' });
    else if (p.kind === 'http') list.addHttp(p.url, 'config', proxyCredentials(p, i, env));
    else addEnvProxy(list, env, notes);
  }
  await addWinHttpProxy(list, network, notes, platform);
  return list.plans;
}

interface Job {
  plan: PathPlan;
  request: PlannedRequest;
}

/** Which route a request takes on a path (bypass lists, PAC answers); a PAC failure yields a ready-made failed probe. */
function routeFor(job: Job, pac: PacArtifact | undefined): { route: Route; pacResult?: string } | { failed: ProbeArtifact } {
  const { path } = job.plan;
  if (path.kind === 'direct') return { route: { kind: 'direct' } };
  if (path.kind === 'http') {
    if (path.bypass && bypassMatches(job.request.host, path.bypass)) return { route: { kind: 'direct' } };
    const u = new URL(path.proxyUrl as string);
    const route: Route = { kind: 'proxy', host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || 80, label: path.label };
    if (job.plan.authorization) route.authorization = job.plan.authorization;
    return { route };
  }
  const failed = (message: string, code: string, pacResult?: string): { failed: ProbeArtifact } => {
    const probe: ProbeArtifact = { pathId: path.id, requestKey: job.request.key, route: 'none', startedAt: new Date().toISOString(), timings: { totalMs: 0 }, outcome: { ok: false, failure: { stage: 'pac', code, message } } };
    if (pacResult !== undefined) probe.pacResult = pacResult;
    return { failed: probe };
  };
  if (!pac || !pac.load.ok) return failed(pac && !pac.load.ok ? pac.load.failure.message : 'PAC not loaded', pac && !pac.load.ok ? pac.load.failure.code : 'PAC_LOAD');
  const decision = pac.decisions[job.request.key];
  if (!decision || !decision.ok) return failed(decision && !decision.ok ? decision.failure.message : 'no PAC decision', 'PAC_EVAL');
  const answer = decision.value;
  const [first] = parsePacResult(answer);
  if (!first || first.type === 'DIRECT') return { route: { kind: 'direct' }, pacResult: answer };
  if (first.type === 'PROXY') {
    const host = first.host.includes(':') ? `[${first.host}]` : first.host;
    return { route: { kind: 'proxy', host: first.host, port: first.port, label: `http://${host}:${first.port}` }, pacResult: answer };
  }
  return failed(`the PAC answer "${answer}" names a route we cannot probe (${first.type === 'INVALID' ? `invalid entry "${first.text}"` : first.type})`, 'PAC_ROUTE', answer);
}

/** What the network half needs before any probe: trust, proxy paths (secrets resolved), the probe context. */
export interface PreparedNetwork {
  input: Omit<NetworkGatherInput, 'forests'>;
  plans: PathPlan[];
  notes: string[];
  ctx: ProbeContext;
  started: number;
  /** Each PAC is downloaded once, when the first batch of requests needs it. */
  pacDownloads: Map<number, ReturnType<typeof loadPac>>;
}

/**
 * Validates and prepares the network half. User-fixable problems (caFile, proxy credential variables)
 * throw here, before any I/O of the run.
 */
export async function prepareNetwork(input: Omit<NetworkGatherInput, 'forests'>, platform: NodeJS.Platform = process.platform): Promise<PreparedNetwork> {
  const started = Date.now();
  const env = input.env ?? process.env;
  const { network } = input;
  const notes: string[] = [];
  const ca = await trust(network, env, notes);
  const plans = await planPaths(network, env, notes, platform);
  const dnsClient = network.dnsServers ? createDnsClient(network.dnsServers, network.timeoutMs) : undefined;
  const ctx: ProbeContext = {
    timeoutMs: network.timeoutMs,
    ca,
    secureContext: probeSecureContext(ca),
    resolve: async (host) => {
      if (dnsClient) return { addresses: await dnsClient.addresses(host), servers: network.dnsServers as string[] };
      const all = await dnsPromises.lookup(host, { all: true });
      return { addresses: all.map((a) => a.address) };
    },
  };
  if (input.httpsPort !== undefined) ctx.httpsPort = input.httpsPort;
  const prepared: PreparedNetwork = { input, plans, notes, ctx, started, pacDownloads: new Map() };
  // Start every PAC download and the PAC engine now: they overlap each other and the forests.
  for (const p of plans) {
    if (p.path.kind !== 'pac') continue;
    void loadPacEngine().catch(() => undefined);
    void pacDownload(prepared, p.path.id, p.path.pacSource as string);
  }
  return prepared;
}

/** PAC decisions and probes for a set of requests along every path. Never throws. */
async function probeRequests(prep: PreparedNetwork, requests: PlannedRequest[]): Promise<{ pac: PacArtifact[]; probes: ProbeArtifact[] }> {
  if (requests.length === 0) return { pac: [], probes: [] };
  const { plans, ctx } = prep;
  const { network } = prep.input;
  const pac = await Promise.all(
    plans.filter((p) => p.path.kind === 'pac').map((p) =>
      withTimeout(evaluatePac(p.path.id, p.path.pacSource as string, requests, ctx, pacDownload(prep, p.path.id, p.path.pacSource as string)), network.timeoutMs * (requests.length + 2), 'PAC evaluation').catch(
        (err: unknown): PacArtifact => ({ pathId: p.path.id, source: p.path.pacSource as string, load: { ok: false, failure: { stage: 'pac', code: 'ETIMEDOUT', message: (err as Error).message } }, decisions: {} }),
      ),
    ),
  );
  const pacByPath = new Map(pac.map((p) => [p.pathId, p]));

  // Request-major order spreads each path's probes over the run, so a hung proxy holds only its share of the slots.
  const jobs: Job[] = requests.flatMap((request) => plans.map((plan) => ({ plan, request })));
  const probes = await mapLimit(jobs, network.concurrency, async (job) => {
    const r = routeFor(job, pacByPath.get(job.plan.path.id));
    if ('failed' in r) return r.failed;
    const base: { pathId: number; pacResult?: string } = { pathId: job.plan.path.id };
    if (r.pacResult !== undefined) base.pacResult = r.pacResult;
    return runProbe(r.route, job.request, ctx, base);
  });
  return { pac, probes };
}

function pacDownload(prep: PreparedNetwork, pathId: number, source: string): ReturnType<typeof loadPac> {
  let download = prep.pacDownloads.get(pathId);
  if (!download) {
    download = loadPac(source, prep.ctx);
    prep.pacDownloads.set(pathId, download);
  }
  return download;
}

/** One PAC record per path from two batches: the first load, all decisions. */
function mergePac(a: PacArtifact[], b: PacArtifact[]): PacArtifact[] {
  const byPath = new Map<number, PacArtifact>();
  for (const p of [...a, ...b]) {
    const seen = byPath.get(p.pathId);
    byPath.set(p.pathId, seen ? { ...seen, decisions: { ...seen.decisions, ...p.decisions } } : p);
  }
  return [...byPath.values()].sort((x, y) => x.pathId - y.pathId);
}

/**
 * The network half: probes every required endpoint and tenant request along every proxy path.
 * The endpoints and the configured tenant name are probed at once, in parallel with the forests;
 * tenant names that only the forests' SCPs give are probed when the forests are in.
 * After preparation it never throws: each path × request lands as a probe with a response or a failure.
 */
export async function probeNetwork(prep: PreparedNetwork, forests: Promise<readonly ForestArtifact[]> | readonly ForestArtifact[]): Promise<NetworkArtifact> {
  const { input, notes } = prep;
  const { network } = input;
  const early = planRequests(input.cloud, network.seamlessSso, tenantTargets([], input.tenant).map((t) => t.name));
  const firstBatch = probeRequests(prep, early);

  const tenants = tenantTargets(await forests, input.tenant);
  if (tenants.length === 0) notes.push('No tenant name (config tenant.name or an SCP azureADName): the tenant-specific requests were not made.');
  const requests = planRequests(input.cloud, network.seamlessSso, tenants.map((t) => t.name));
  const earlyKeys = new Set(early.map((r) => r.key));
  const [first, second] = await Promise.all([firstBatch, probeRequests(prep, requests.filter((r) => !earlyKeys.has(r.key)))]);

  const order = new Map(requests.map((r, i) => [r.key, i]));
  const probes = [...first.probes, ...second.probes]
    .filter((p) => order.has(p.requestKey))
    .sort((a, b) => a.pathId - b.pathId || (order.get(a.requestKey) ?? 0) - (order.get(b.requestKey) ?? 0));

  const artifact: NetworkArtifact = {
    cloud: input.cloud,
    timeoutMs: network.timeoutMs,
    seamlessSso: network.seamlessSso,
    expectedIssuers: network.expectedIssuers,
    // The plan only (name and why): the expected tenant id is derived from the raw SCP keywords at evaluation.
    tenants: tenants.map((t) => (t.keywords ? { name: t.name, source: t.source, scpKeywords: t.keywords } : { name: t.name, source: t.source })),
    paths: prep.plans.map((p) => p.path),
    requests,
    pac: mergePac(first.pac, second.pac),
    probes,
    notes,
    durationMs: Date.now() - prep.started,
  };
  if (network.dnsServers) artifact.dnsServers = network.dnsServers;
  return artifact;
}

/** Prepare and probe in one step (probe command, tests). */
export async function gatherNetwork(input: NetworkGatherInput, platform: NodeJS.Platform = process.platform): Promise<NetworkArtifact> {
  return probeNetwork(await prepareNetwork(input, platform), input.forests);
}
