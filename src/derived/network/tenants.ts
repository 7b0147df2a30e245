import type { PlannedTenant } from '../../artifacts/network.js';
import type { ForestArtifact, TenantSettings } from '../../artifacts/types.js';
import { dcViews } from '../forest-view.js';
import { parseScpKeywords } from '../scp-keywords.js';

export interface TenantTarget {
  name: string;
  /** "config" or "scp:<forest>". */
  source: string;
  /** The tenant id the name should resolve to (SCP azureADId, else config tenant.id). */
  expectedId?: string;
  /** For an SCP source: the raw keywords the name was read from. */
  keywords?: string[];
}

/**
 * The tenant names to probe: every azureADName found in an SCP (with the azureADId next to it), then the
 * configured tenant.name. Names are lower-case and appear once; the first source wins.
 */
export function tenantTargets(forests: readonly ForestArtifact[], tenant: TenantSettings | undefined): TenantTarget[] {
  const out: TenantTarget[] = [];
  const seen = new Set<string>();
  for (const forest of forests) {
    for (const dc of dcViews(forest)) {
      if (!dc.scp) continue;
      const parsed = parseScpKeywords(dc.scp.keywords);
      if (!parsed.tenantName || seen.has(parsed.tenantName)) continue;
      seen.add(parsed.tenantName);
      const t: TenantTarget = { name: parsed.tenantName, source: `scp:${forest.name}`, keywords: dc.scp.keywords };
      if (parsed.tenantId) t.expectedId = parsed.tenantId;
      out.push(t);
    }
  }
  if (tenant?.name && !seen.has(tenant.name.toLowerCase())) {
    const t: TenantTarget = { name: tenant.name.toLowerCase(), source: 'config' };
    if (tenant.id) t.expectedId = tenant.id.toLowerCase();
    out.push(t);
  }
  return out;
}

/** What a probed tenant name should resolve to, derived now from the raw evidence (never frozen at gathering). */
export type ExpectedTenant =
  /** `id` undefined: nothing names an id to compare with. */
  | { known: true; id?: string; source: string }
  /** The name was probed for a forest's SCP that, read by this version's parser, no longer names it (or that is not in the bundle). */
  | { known: false; source: string; nowNamed: string[] };

/**
 * The expected tenant id for a name the network half probed (`probed` is the plan recorded in the bundle):
 * the azureADId beside that azureADName in the forests' SCPs as parsed today, else tenant.id for a configured name.
 */
export function expectedTenant(probed: PlannedTenant, forests: readonly ForestArtifact[], tenant: TenantSettings | undefined): ExpectedTenant {
  const target = tenantTargets(forests, tenant).find((t) => t.name === probed.name);
  if (target) return target.expectedId ? { known: true, id: target.expectedId, source: target.source } : { known: true, source: target.source };
  // The forests no longer give the name (their DCs were not read, or are not in the bundle): the keywords it was planned from.
  const planned = probed.scpKeywords ? parseScpKeywords(probed.scpKeywords) : undefined;
  if (planned?.tenantName === probed.name) return planned.tenantId ? { known: true, id: planned.tenantId, source: probed.source } : { known: true, source: probed.source };
  if (!probed.source.startsWith('scp:')) return { known: true, source: probed.source };
  const forest = forests.find((f) => `scp:${f.name}` === probed.source);
  return { known: false, source: probed.source, nowNamed: forest ? tenantTargets([forest], undefined).map((t) => t.name) : [] };
}

/** The tenant id in an OpenID issuer such as https://sts.windows.net/<tid>/ or https://login.microsoftonline.com/<tid>/v2.0. */
export function tenantIdFromIssuer(issuer: unknown): string | undefined {
  if (typeof issuer !== 'string') return undefined;
  const m = /\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\/|$)/i.exec(issuer);
  return m?.[1]?.toLowerCase();
}

export type RealmType = 'Managed' | 'Federated' | 'Unknown' | 'unreadable';

/** account_type (api-version 1.0) or NameSpaceType (2.0) of a user realm answer. */
export function realmType(json: unknown): { type: RealmType; federationProtocol?: string; metadataUrl?: string } {
  if (typeof json !== 'object' || json === null) return { type: 'unreadable' };
  const o = json as Record<string, unknown>;
  const raw = o['account_type'] ?? o['NameSpaceType'];
  const type: RealmType = raw === 'Managed' || raw === 'Federated' || raw === 'Unknown' ? raw : 'unreadable';
  const out: { type: RealmType; federationProtocol?: string; metadataUrl?: string } = { type };
  if (typeof o['federation_protocol'] === 'string') out.federationProtocol = o['federation_protocol'];
  if (typeof o['federation_metadata_url'] === 'string') out.metadataUrl = o['federation_metadata_url'];
  return out;
}
