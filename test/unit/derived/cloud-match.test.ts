/** The two halves of `computers` with `cloud` together: matching as computers stream by, and when "missing in AD" may be judged. */
import { describe, expect, it } from 'vitest';
import type { Artifacts } from '../../../src/artifacts/types.js';
import type { InventoryArtifact, InventoryDomain } from '../../../src/artifacts/inventory.js';
import { CloudMatcher, inventoryGap } from '../../../src/derived/computers/cloud-match.js';
import { cloudArtifact, device } from '../../support/cloud-build.js';

const domain = (over: Partial<InventoryDomain> = {}): InventoryDomain => ({ nc: 'DC=contoso,DC=com', dnsRoot: 'contoso.com', count: 3, pages: 1, complete: true, durationMs: 5, ...over });
const inventory = (over: Partial<InventoryArtifact> = {}): InventoryArtifact => ({ collectedAt: '2026-12-01T00:00:00Z', staleDays: 90, domains: [domain()], ...over });
const forests = (...invs: Array<InventoryArtifact | undefined>) => ({ forests: invs.map((inventory, i) => ({ name: `f${i}.example`, inventory })) }) as unknown as Pick<Artifacts, 'forests'>;

describe('inventoryGap', () => {
  it('null only when every configured forest was read completely', () => {
    expect(inventoryGap(forests(inventory(), inventory({ domains: [domain(), domain({ nc: 'DC=eu,DC=contoso,DC=com', dnsRoot: 'eu.contoso.com' })] })))).toBeNull();
  });

  it('names the first reason a forest is not covered', () => {
    expect(inventoryGap(forests())).toBe('no forest was read');
    expect(inventoryGap(forests(inventory(), undefined))).toBe('forest f1.example: its computers were not read');
    expect(inventoryGap(forests(inventory({ error: { stage: 'connect', code: 'ECONNREFUSED', message: 'refused' }, domains: [] })))).toMatch(/could not be read/);
    expect(inventoryGap(forests(inventory({ skippedDomains: ['DC=eu,DC=contoso,DC=com'] })))).toMatch(/left out DC=eu,DC=contoso,DC=com/);
    expect(inventoryGap(forests(inventory({ domains: [] })))).toMatch(/no domain was read/);
    expect(inventoryGap(forests(inventory({ domains: [domain({ complete: false })] })))).toMatch(/domain contoso.com was not read completely/);
    expect(inventoryGap(forests(inventory({ domains: [domain({ error: { stage: 'search', code: 'timeout', message: 't' } })] })))).toMatch(/not read completely/);
  });
});

describe('CloudMatcher', () => {
  it('lists the hybrid devices no computer claimed, by name, within the limit; other trust types never', () => {
    const claimed = device({ displayName: 'PC-A' });
    const lostB = device({ displayName: 'PC-B' });
    const lostC = device({ displayName: 'PC-C' });
    const entra = device({ displayName: 'PC-0', trustType: 'AzureAd' });
    const m = new CloudMatcher(cloudArtifact([lostC, entra, claimed, lostB]));
    const lookup = m.lookup();
    expect(lookup?.(`{${(claimed.deviceId as string).toUpperCase()}}`)?.state).toBe('joined');
    expect(lookup?.('11111111-1111-4111-8111-111111111111')).toBeNull();
    const s = m.summary(null, 1);
    expect(s).toMatchObject({ queried: true, error: null, devices: 4, hybrid: 3, joined: 3, missingInAdCount: 2, missingInAdNote: null });
    expect(s.missingInAd?.map((d) => d.displayName)).toEqual(['PC-B']);
  });

  it('withholds "missing in AD" when the inventory has a gap, and says why', () => {
    const m = new CloudMatcher(cloudArtifact([device()]));
    const s = m.summary('forest f0.example: its computers were not read');
    expect(s).toMatchObject({ missingInAdCount: null, missingInAd: null, missingInAdNote: 'not judged: forest f0.example: its computers were not read', hybrid: 1 });
  });

  it('a device list that was not read gives no lookup (no "not found" from missing evidence) and an error summary', () => {
    const failed = cloudArtifact({ ok: false, failure: { stage: 'http', code: '403', message: 'Authorization_RequestDenied' } });
    const m = new CloudMatcher(failed);
    expect(m.lookup()).toBeUndefined();
    expect(m.failure).toBe('http 403: Authorization_RequestDenied');
    expect(m.summary(null)).toMatchObject({ queried: true, error: { code: '403' }, devices: 0, missingInAdCount: null, missingInAdNote: 'not judged: the device list could not be read' });
  });
});
