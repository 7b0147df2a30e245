import type { NetworkArtifact, PlannedRequest, ProbeArtifact, ProxyPath } from '../../../src/artifacts/network.js';
import { gathered } from '../../../src/artifacts/outcome.js';
import type { Artifacts, ForestArtifact } from '../../../src/artifacts/types.js';
import type { ProbeFacts } from '../../../src/derived/network/view.js';
import { planRequests } from '../../../src/derived/network/endpoints.js';
import { dc, forest, scp } from '../checks/build.js';

export const TID = '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b';
export const DIRECT: ProxyPath = { id: 0, label: 'direct', kind: 'direct', source: 'config', credentials: 'none' };
export const PROXY: ProxyPath = { id: 1, label: 'http://proxy:3128', kind: 'http', proxyUrl: 'http://proxy:3128', source: 'config', credentials: 'none' };
export const PROXY_CREDS: ProxyPath = { ...PROXY, id: 2, credentials: 'supplied' };

export const CERT = { subject: 'CN=enterpriseregistration.windows.net', issuer: 'C=US, O=Microsoft Corporation, CN=Microsoft Azure RSA TLS Issuing CA 03', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z' };

/** A probe artifact from its flat facts (key fields, observations, failure): the observations go into the outcome. */
export function probeArtifact(facts: ProbeFacts): ProbeArtifact {
  const { pathId, requestKey, route, pacResult, startedAt, timings, failure, ...seen } = facts;
  const observedOnly = Object.fromEntries(Object.entries(seen).filter(([, v]) => v !== undefined)) as typeof seen;
  const p: ProbeArtifact = { pathId, requestKey, route, startedAt, timings, outcome: gathered(observedOnly, failure) };
  if (pacResult !== undefined) p.pacResult = pacResult;
  return p;
}

/** A successful probe; `over` replaces parts. */
export function ok(pathId: number, requestKey: string, over: Partial<ProbeFacts> = {}): ProbeArtifact {
  return probeArtifact({
    pathId,
    requestKey,
    route: pathId === 0 ? 'direct' : 'http://proxy:3128',
    startedAt: '2026-11-25T08:00:00.000Z',
    headersAt: '2026-11-25T08:00:00.100Z',
    timings: { totalMs: 100 },
    tls: { protocol: 'TLSv1.3', authorized: true, chain: [CERT] },
    response: { status: 200, contentType: 'application/json', date: 'Wed, 25 Nov 2026 08:00:00 GMT', headers: {}, bodyBytes: 2, bodyTruncated: false, bodyExcerpt: '{}', json: {} },
    ...(pathId === 0 ? { dns: { host: 'x', addresses: ['127.0.0.1'] } } : { proxyResponse: { status: 200, statusText: 'Connection established', headers: {} } }),
    ...over,
  });
}

export function failed(pathId: number, requestKey: string, failure: ProbeFacts['failure'], over: Partial<ProbeFacts> = {}): ProbeArtifact {
  const p: ProbeFacts = { pathId, requestKey, route: pathId === 0 ? 'direct' : 'http://proxy:3128', startedAt: '2026-11-25T08:00:00.000Z', timings: { totalMs: 5 }, ...over };
  if (failure) p.failure = failure;
  return probeArtifact(p);
}

export function network(paths: ProxyPath[], probes: ProbeArtifact[], tenantNames: string[] = ['contoso.com'], extra: Partial<NetworkArtifact> = {}): NetworkArtifact {
  const requests: PlannedRequest[] = planRequests('AzureCloud', false, tenantNames);
  return { cloud: 'AzureCloud', timeoutMs: 1000, seamlessSso: false, expectedIssuers: ['Microsoft', 'DigiCert'], tenants: tenantNames.map((name) => ({ name, source: 'config' })), paths, requests, pac: [], probes, notes: [], durationMs: 1, ...extra };
}

/** The artifacts of a run with this network half; a configured tenant name (source config) comes with tenant.id TID. */
export function withNetwork(net: NetworkArtifact, forests: ForestArtifact[] = []): Artifacts {
  const a: Artifacts = { schemaVersion: 2, tool: { name: 'haadj-preflight', version: '0.0.0-test' }, collectedAt: '2026-11-25T08:00:00.000Z', durationMs: 1, settings: { cloud: 'AzureCloud', clockSkewWarnSeconds: 60, clockSkewFailSeconds: 300 }, forests, network: net };
  const configured = net.tenants.find((t) => t.source === 'config');
  if (configured) a.settings.tenant = { id: TID, name: configured.name };
  return a;
}

export const K = {
  drs: 'endpoint:enterpriseregistration.windows.net',
  login: 'endpoint:login.microsoftonline.com',
  device: 'endpoint:device.login.microsoftonline.com',
  discover: 'drs-discover:contoso.com',
  openid: 'openid:contoso.com',
  realm: 'user-realm:contoso.com',
};

/** A forest whose one DC's SCP names contoso.com with the given azureADId (raw keywords, as read). */
export function scpForest(name: string, tenantId: string): ForestArtifact {
  return forest(name, [dc(`dc1.${name}`, { scp: scp([`azureADId:${tenantId}`, 'azureADName:contoso.com']) })]);
}
