/**
 * What the network gatherer observed: for every proxy path and every request, the raw evidence of one
 * HTTPS probe. Free of secrets: proxy URLs carry no user:pass, no Proxy-Authorization is ever recorded.
 */
import type { Gathered } from './outcome.js';
import type { CertificateSummary } from './types.js';

/** Which request a probe made; decides how the response is read. */
export type ProbeRole =
  /** A plain GET on a required endpoint: is it reachable at all? */
  | 'endpoint'
  /** DRS discovery: /<name>/discover?api-version=1.7 with the ocp-adrs-* headers. */
  | 'drs-discover'
  /** DRS enrollment contract: /<name>/enrollmentserver/contract?api-version=1.2. */
  | 'drs-contract'
  /** OpenID configuration of the tenant name (issuer carries the tenant id). */
  | 'openid'
  /** User realm lookup (managed / federated / unknown). */
  | 'user-realm'
  /** A client-certificate endpoint (certauth.enterpriseregistration.*): only its certificate chain is judged. */
  | 'certauth';

export interface ProxyPath {
  /** Stable key: index in the path list. */
  id: number;
  /** What findings print as `proxy`: "direct", "http://host:port" (never with credentials), "pac:<source>". */
  label: string;
  kind: 'direct' | 'http' | 'pac';
  /** For http: the proxy URL without credentials. */
  proxyUrl?: string;
  /** For pac: the PAC URL or path. */
  pacSource?: string;
  /** Where the path came from. */
  source: 'config' | 'env' | 'winhttp';
  /** `supplied`: this path answers the proxy's challenge with the configured credentials (a device as SYSTEM cannot). */
  credentials: 'none' | 'supplied';
  /** Host patterns that bypass the proxy (NO_PROXY, WinHTTP bypass list). */
  bypass?: string[];
}

export interface PlannedRequest {
  /** Stable key, e.g. "endpoint:login.microsoftonline.com" or "drs-discover:contoso.com". */
  key: string;
  role: ProbeRole;
  host: string;
  /** Full URL requested. */
  url: string;
  /** The tenant name for tenant-specific requests. */
  tenantName?: string;
}

export interface ProbeTimings {
  dnsMs?: number;
  connectMs?: number;
  proxyConnectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

/** What one probe observed, phase by phase: everything when it finished, what came before the failure otherwise. */
export interface ProbeObservation {
  /** Names resolved for a direct connection (or the proxy host). */
  dns?: { host: string; addresses: string[]; servers?: string[] };
  /** The proxy's answer to CONNECT. */
  proxyResponse?: { status: number; statusText: string; headers: Record<string, string>; bodyExcerpt?: string };
  tls?: {
    protocol?: string;
    cipher?: string;
    authorized: boolean;
    authorizationError?: string;
    /** Leaf first, up to the root the server sent (or the local trust store completed). */
    chain: CertificateSummary[];
  };
  response?: {
    status: number;
    statusText?: string;
    contentType?: string;
    /** Server Date header as received. */
    date?: string;
    headers: Record<string, string>;
    /** Bytes read (capped). */
    bodyBytes: number;
    bodyTruncated: boolean;
    bodyExcerpt: string;
    /** The parsed body, when a JSON role got a JSON body (kept only when it is small). */
    json?: unknown;
  };
  /** Host clock when the response headers arrived (for Date skew). */
  headersAt?: string;
}

export interface ProbeArtifact {
  pathId: number;
  requestKey: string;
  /** How this request actually went: "direct", "http://proxy:port" (for PAC/bypass the chosen route). */
  route: string;
  /** For PAC paths: the raw FindProxyForURL answer. */
  pacResult?: string;
  /** Host clock at request start. */
  startedAt: string;
  timings: ProbeTimings;
  /** What the probe observed, or where it stopped (with what it had observed until then). */
  outcome: Gathered<ProbeObservation, ProbeObservation>;
}

export interface PacArtifact {
  pathId: number;
  source: string;
  /** How the PAC was obtained: bytes and content type, or why not. */
  load: Gathered<{ bytes: number; contentType?: string }>;
  /** FindProxyForURL answer per request key (the raw string), or why the evaluation failed. */
  decisions: Record<string, Gathered<string>>;
}

/** A tenant name the network half probed, and why (raw evidence only: no interpretation is frozen here). */
export interface PlannedTenant {
  name: string;
  /** "config" or "scp:<forest>". */
  source: string;
  /** For an SCP source: the SCP's keywords exactly as read from the DC that named it. */
  scpKeywords?: string[];
}

export interface NetworkArtifact {
  cloud: string;
  timeoutMs: number;
  seamlessSso: boolean;
  expectedIssuers: string[];
  dnsServers?: string[];
  /**
   * Tenant names probed and why: "config" (tenant.name) or "scp:<forest>" (an azureADName in that forest's SCP),
   * with the raw keywords of the SCP that named it. Only the plan: what a name should resolve to is derived
   * from raw SCP keywords (and tenant.id) when the bundle is evaluated, so a newer keyword parser gives the
   * newer verdict on an old bundle.
   */
  tenants: PlannedTenant[];
  paths: ProxyPath[];
  requests: PlannedRequest[];
  pac: PacArtifact[];
  /** One per path × request (in path order, then request order). */
  probes: ProbeArtifact[];
  /** Things worth knowing that are not probes: unset HTTPS_PROXY, unreadable NODE_EXTRA_CA_CERTS, netsh failure. */
  notes: string[];
  durationMs: number;
}
