import { ace, sd } from '../../support/sd-build.js';
import { gathered } from '../../../src/artifacts/outcome.js';
import type { Artifacts, DcArtifact, ForestArtifact, ScpEntry } from '../../../src/artifacts/types.js';
import type { DcView } from '../../../src/derived/forest-view.js';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const OTHER_TENANT = '11111111-2222-3333-4444-555555555555';

/** A DACL granting Authenticated Users read (what AD gives an SCP by default). */
export const READABLE_SD = sd([ace(0, 0x10, 0x20094, 'S-1-5-11')]).toString('base64');

export function scp(keywords: string[], extra: Partial<ScpEntry> = {}): ScpEntry {
  return { dn: 'CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=test', keywords, objectClass: ['top', 'serviceConnectionPoint'], securityDescriptor: READABLE_SD, ...extra };
}

/** A DC artifact from its flat view (key fields, observations, failure): the observations go into the outcome. */
export function dcArtifact(view: DcView): DcArtifact {
  const { host, port, tls, durationMs, failure, ...seen } = view;
  const observedOnly = Object.fromEntries(Object.entries(seen).filter(([, v]) => v !== undefined)) as typeof seen;
  return { host, port, tls, durationMs, outcome: gathered(observedOnly, failure) };
}

export function dc(host: string, over: Partial<DcView> = {}): DcArtifact {
  return dcArtifact({
    host,
    port: 636,
    tls: 'ldaps',
    addresses: ['127.0.0.11'],
    tlsSession: { protocol: 'TLSv1.3' },
    rootDse: { configurationNamingContext: 'CN=Configuration,DC=contoso,DC=test', currentTime: '2026-11-25T08:00:00.000Z' },
    hostTimeBefore: '2026-11-25T08:00:00.000Z',
    hostTimeAfter: '2026-11-25T08:00:00.000Z',
    container: { dn: 'CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=test', exists: true },
    scp: scp([`azureADId:${TENANT}`, 'azureADName:contoso.com']),
    durationMs: 5,
    ...over,
  });
}

export function forest(name: string, dcs: DcArtifact[]): ForestArtifact {
  return { name, tls: 'ldaps', discovery: { ok: true, value: { source: 'config', targets: dcs.map((d) => ({ host: d.host, port: d.port, source: 'config' })) } }, dcs };
}

/** tenant: null for a configuration without a tenant. */
export function artifacts(forests: ForestArtifact[], tenant: Artifacts['settings']['tenant'] | null = { id: TENANT, name: 'contoso.com' }): Artifacts {
  const a: Artifacts = {
    schemaVersion: 2,
    tool: { name: 'haadj-preflight', version: '0.0.0-test' },
    collectedAt: '2026-11-25T08:00:00.000Z',
    durationMs: 10,
    settings: { cloud: 'AzureCloud', clockSkewWarnSeconds: 60, clockSkewFailSeconds: 300 },
    forests,
  };
  if (tenant) a.settings.tenant = tenant;
  return a;
}
