import type { NetworkArtifact, PlannedRequest, ProbeArtifact, ProbeObservation, ProxyPath } from '../../artifacts/network.js';
import { failureOf, observed, type Failure } from '../../artifacts/outcome.js';
import { computed } from '../computed.js';
import { probeFailureEvidence } from '../failure-evidence.js';
import type { Cloud } from './endpoints.js';

/**
 * A probe as the checks read it: its key fields and timings, everything it observed (whether it finished
 * or stopped at a failure: the DNS answer, the proxy's CONNECT answer, the TLS chain, the response) and that failure.
 */
export type ProbeFacts = Omit<ProbeArtifact, 'outcome'> & ProbeObservation & { failure?: Failure; /** Never the artifact itself: read it through probeFacts. */ outcome?: never };

/** The flat view of one probe artifact. */
export function probeFacts(p: ProbeArtifact): ProbeFacts {
  const { outcome, ...key } = p;
  const facts: ProbeFacts = { ...key, ...observed(outcome) };
  const failure = failureOf(outcome);
  if (failure) facts.failure = failure;
  return facts;
}

/** One probe with its path and request joined. */
export interface ProbeView {
  path: ProxyPath;
  request: PlannedRequest;
  probe: ProbeFacts;
  cloud: Cloud;
}

/** All probes joined to their path and request, in artifact order: computed once per network artifact and shared by the checks. */
export const probeViews = computed('probeViews', (net: NetworkArtifact): readonly ProbeView[] => {
  const paths = new Map(net.paths.map((p) => [p.id, p]));
  const requests = new Map(net.requests.map((r) => [r.key, r]));
  const out: ProbeView[] = [];
  for (const probe of net.probes) {
    const path = paths.get(probe.pathId);
    const request = requests.get(probe.requestKey);
    if (path && request) out.push({ path, request, probe: probeFacts(probe), cloud: net.cloud as Cloud });
  }
  return out;
});

/** The SYSTEM-context probes of a network artifact by request role ('' for all), computed once per artifact. */
const systemViewsByRole = computed('systemViews', (net: NetworkArtifact): Map<string, readonly ProbeView[]> => {
  const byRole = new Map<string, ProbeView[]>([['', []]]);
  for (const v of probeViews(net)) {
    if (v.path.credentials !== 'none') continue;
    byRole.get('')?.push(v);
    const list = byRole.get(v.request.role) ?? [];
    list.push(v);
    byRole.set(v.request.role, list);
  }
  return byRole;
});

/** The probes a device in SYSTEM context would make (no proxy credentials); do not modify the list. */
export function systemViews(net: NetworkArtifact, role?: PlannedRequest['role']): readonly ProbeView[] {
  return systemViewsByRole(net).get(role ?? '') ?? [];
}

/** Each SYSTEM probe's twin made with the configured credentials (same proxy label and request), once per network artifact. */
const credentialedTwins = computed('credentialedTwins', (net: NetworkArtifact): Map<ProbeView, ProbeView> => {
  const supplied = new Map<string, ProbeView>();
  for (const v of probeViews(net)) {
    const key = `${v.path.label}\u0000${v.request.key}`;
    if (v.path.credentials === 'supplied' && !supplied.has(key)) supplied.set(key, v);
  }
  const twins = new Map<ProbeView, ProbeView>();
  for (const v of probeViews(net)) {
    const twin = supplied.get(`${v.path.label}\u0000${v.request.key}`);
    if (twin) twins.set(v, twin);
  }
  return twins;
});

/** The probe of the same proxy and request made with the configured credentials, if any. */
export function credentialedTwin(net: NetworkArtifact, view: ProbeView): ProbeView | undefined {
  const twins = credentialedTwins(net);
  if (twins.has(view) || probeViews(net).includes(view)) return twins.get(view);
  // A view built elsewhere (not one of this network's shared views): look its twin up by key.
  return probeViews(net).find((v) => v.path.credentials === 'supplied' && v.path.label === view.path.label && v.request.key === view.request.key);
}

/** "direct" or "via http://proxy:3128", for messages; PAC paths also say which route the PAC chose. */
export function describeRoute(v: ProbeView): string {
  if (v.path.kind === 'pac') return `PAC ${v.path.pacSource ?? ''} → ${v.probe.pacResult ?? '?'}`.trim();
  return v.probe.route === 'direct' ? 'direct' : `via ${v.probe.route}`;
}

/** Plain-language fixes per failure kind (used as finding remedies). */
export const REMEDY: Record<string, string> = {
  dns: 'Make the name resolvable for the device (internal DNS forwarding to the internet, or let the proxy resolve it).',
  refused: 'Open outbound TCP 443 to the endpoint (firewall), or fix the proxy address/port the device uses.',
  timeout: 'Something drops the traffic silently: check firewall egress rules and that the proxy (WinHTTP/WPAD) is reachable from SYSTEM context.',
  reset: 'A middlebox resets the connection: check the proxy or firewall logs for this host.',
  'proxy-auth': 'The device registers as SYSTEM and cannot answer a proxy authentication challenge: exempt the Entra endpoints from proxy authentication (or allow the computer account to authenticate silently).',
  'proxy-auth-machine': 'Make sure the proxy accepts the computer accounts (Negotiate/Kerberos or NTLM as DOMAIN\\COMPUTER$) for the Entra endpoints, or exempt those endpoints from proxy authentication; test from a device as SYSTEM (psexec -s) to be sure.',
  'proxy-error': 'The proxy refused or failed the CONNECT: allow the Entra endpoints on the proxy.',
  'tls-verify': 'The certificate is not trusted: if a proxy inspects TLS, exempt the Entra endpoints from inspection; otherwise check the trust store and the clock.',
  'tls-handshake': 'The TLS handshake failed: allow TLS 1.2 end to end and exempt the Entra endpoints from TLS inspection.',
  pac: 'Fix the PAC file (served as application/x-ns-proxy-autoconfig, valid FindProxyForURL) so it returns a working route for this endpoint.',
  html: 'A proxy answers with an HTML page (login or block page): a device in SYSTEM context cannot get past it; allow the endpoint without authentication.',
  'html-error': 'Something on the path answers with an HTTP error page (often a proxy or firewall block page): find which hop sends it (proxy/firewall logs) and allow the endpoint for the computer account.',
  busy: 'DRS answered 503 (busy): usually transient; retry later. If it persists, check for a proxy returning 503.',
  'tenant-not-found': 'The tenant name/id is wrong or the tenant has no active subscription: fix azureADName/azureADId in the SCP.',
  other: 'See the evidence for the raw error.',
};

/** Subject fields of a finding about one probe. */
export function subjectOf(v: ProbeView): { proxy: string; endpoint: string } {
  return { proxy: v.path.label, endpoint: v.request.url };
}

/** Evidence common to network findings (never holds credentials). */
export function probeEvidence(v: ProbeView): Record<string, unknown> {
  const p = v.probe;
  const e: Record<string, unknown> = { route: p.route, timings: p.timings };
  if (p.pacResult !== undefined) e['pacResult'] = p.pacResult;
  if (p.dns) e['dns'] = p.dns;
  if (p.proxyResponse) e['proxyResponse'] = { status: p.proxyResponse.status, statusText: p.proxyResponse.statusText, headers: p.proxyResponse.headers };
  if (p.tls) e['tls'] = { protocol: p.tls.protocol, authorized: p.tls.authorized, authorizationError: p.tls.authorizationError, issuer: p.tls.chain[0]?.issuer };
  if (p.response) e['response'] = { status: p.response.status, contentType: p.response.contentType, date: p.response.date };
  if (p.failure) e['failure'] = probeFailureEvidence(p.failure);
  return e;
}
