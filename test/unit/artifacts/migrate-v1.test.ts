/**
 * A bundle saved by a release that wrote schemaVersion 1 must evaluate to the same report today: the
 * frozen v1 demo bundle (test/fixtures/bundle-v1/) and the v1 form of every golden variant are loaded
 * (migrated to v2 by parseBundle) and must render exactly the committed golden reports.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../../src/artifacts/bundle.js';
import { migrateV1 } from '../../../src/artifacts/migrate-v1.js';
import { CHECKS } from '../../../src/checks/index.js';
import { evaluate } from '../../../src/engine/run.js';
import { renderJson } from '../../../src/report/json.js';

const root = new URL('../../../', import.meta.url);
const v1Text = readFileSync(new URL('test/fixtures/bundle-v1/sample-bundle.json', root), 'utf8');
const TENANT = '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b';

/* eslint-disable @typescript-eslint/no-explicit-any -- v1 bundles are edited as the plain JSON they are */
/**
 * The golden variants as they were written against v1 bundles (pure edits of the v1 JSON). dc-unreachable
 * is applied after the migration: it makes fabrikam's only DC fail while the network half still probed the
 * tenant name its SCP gave, which no real bundle holds (both halves come from one gather, the SCP that named a
 * tenant is in the bundle). v2 records the keywords that named it; v1 did not, so the edit must follow the migration.
 */
const AFTER_MIGRATION = new Set(['dc-unreachable']);
const V1_VARIANTS: Record<string, (a: any) => void> = {
  demo: () => undefined,
  'no-network': (a) => { delete a.network; },
  'scp-missing': (a) => { a.forests[0].dcs[0].scp = null; },
  'dc-unreachable': (a) => {
    const dc = a.forests[1].dcs[0];
    a.forests[1].dcs[0] = { host: dc.host, port: dc.port, tls: dc.tls, durationMs: 10_000, outcome: { ok: false, failure: { stage: 'connect', code: 'ETIMEDOUT', message: 'no answer within 10000 ms' } } };
  },
  healthy: (a) => {
    a.forests[1].dcs[0].scp.keywords = [`azureADId:${TENANT}`, 'azureADName:fabrikam.com'];
    const net = a.network;
    const direct = net.paths.filter((p: any) => p.label === 'direct').map((p: any) => p.id);
    net.paths = net.paths.filter((p: any) => direct.includes(p.id));
    net.probes = net.probes.filter((p: any) => direct.includes(p.pathId));
    net.pac = net.pac.filter((p: any) => direct.includes(p.pathId));
    for (const t of net.tenants) t.expectedId = TENANT;
  },
};

describe('schemaVersion 1 bundles are migrated on load (src/artifacts/migrate-v1.ts)', () => {
  it('the fixture really is a v1 bundle, with failed probes that kept earlier evidence', () => {
    const raw = JSON.parse(v1Text) as any;
    expect(raw.artifacts.schemaVersion).toBe(1);
    expect(raw.artifacts.network.probes.some((p: any) => p.failure && p.tls)).toBe(true);
    expect(raw.artifacts.forests[0].dcs[0].failure).toBeUndefined();
  });

  it.each(Object.keys(V1_VARIANTS))('v1 %s evaluates to the committed golden report', (name) => {
    const raw = JSON.parse(v1Text) as any;
    if (AFTER_MIGRATION.has(name)) raw.artifacts = migrateV1(raw.artifacts);
    V1_VARIANTS[name]!(raw.artifacts);
    const text = renderJson(evaluate(parseBundle(JSON.stringify(raw), name), CHECKS));
    expect(text).toBe(readFileSync(new URL(`test/golden/${name}.report.json`, root), 'utf8'));
  });

  it('keeps the evidence seen before a failure: a probe that failed at TLS keeps its chain, a CONNECT refusal its answer', () => {
    const raw = JSON.parse(v1Text) as any;
    const migrated = migrateV1(raw.artifacts) as any;
    const i = raw.artifacts.network.probes.findIndex((p: any) => p.failure?.phase === 'tls' && p.tls);
    const probe = migrated.network.probes[i];
    expect(probe.outcome).toMatchObject({ ok: false, failure: { stage: 'tls', code: raw.artifacts.network.probes[i].failure.cause }, partial: { tls: raw.artifacts.network.probes[i].tls } });
    expect(probe).toMatchObject({ pathId: raw.artifacts.network.probes[i].pathId, requestKey: raw.artifacts.network.probes[i].requestKey, timings: raw.artifacts.network.probes[i].timings });
    const j = raw.artifacts.network.probes.findIndex((p: any) => p.failure?.cause === 'PROXY_STATUS');
    expect(migrated.network.probes[j].outcome.partial.proxyResponse).toEqual(raw.artifacts.network.probes[j].proxyResponse);
  });

  it('a failed DC keeps its addresses and TLS session as partial evidence; the input is not modified', () => {
    const raw = JSON.parse(v1Text) as any;
    const before = JSON.stringify(raw);
    raw.artifacts.forests[0].dcs[0] = { ...raw.artifacts.forests[0].dcs[0], failure: { stage: 'bind', cause: 'invalidCredentials', message: 'bad' } };
    const frozen = JSON.stringify(raw);
    const dc = (migrateV1(raw.artifacts) as any).forests[0].dcs[0];
    expect(dc.outcome.failure).toEqual({ stage: 'bind', code: 'invalidCredentials', message: 'bad' });
    expect(dc.outcome.partial.tlsSession).toEqual(raw.artifacts.forests[0].dcs[0].tlsSession);
    expect(dc.outcome.partial.addresses).toEqual(raw.artifacts.forests[0].dcs[0].addresses);
    expect(JSON.stringify(raw)).toBe(frozen);
    expect(before).not.toBe(frozen);
  });

  it('a v1 discovery failure and PAC load failure use the v2 words; an unknown version is one line', () => {
    const migrated = migrateV1({
      schemaVersion: 1,
      forests: [{ name: 'x', tls: 'ldaps', discovery: { ok: false, error: { stage: 'dns', cause: 'ENOTFOUND', message: 'no' } }, dcs: [] }],
      network: { probes: [], pac: [{ pathId: 1, source: 's', load: { ok: false, error: { phase: 'pac', cause: 'HTTP_STATUS', message: 'm' } }, decisions: {} }, { pathId: 2, source: 's', load: { ok: true, bytes: 3 }, decisions: { a: { ok: true, result: 'DIRECT' }, b: { ok: false, error: 'FindProxyForURL failed: x' } } }] },
    }) as any;
    expect(migrated.schemaVersion).toBe(2);
    expect(migrated.forests[0].discovery).toEqual({ ok: false, failure: { stage: 'dns', code: 'ENOTFOUND', message: 'no' } });
    expect(migrated.network.pac[0].load).toEqual({ ok: false, failure: { stage: 'pac', code: 'HTTP_STATUS', message: 'm' } });
    expect(migrated.network.pac[1].load).toEqual({ ok: true, value: { bytes: 3 } });
    expect(migrated.network.pac[1].decisions).toEqual({ a: { ok: true, value: 'DIRECT' }, b: { ok: false, failure: { stage: 'pac', code: 'EVAL', message: 'FindProxyForURL failed: x' } } });
    const raw = JSON.parse(v1Text) as any;
    raw.artifacts.schemaVersion = 3;
    expect(() => parseBundle(JSON.stringify(raw), 'x.json')).toThrow(/^x\.json: unsupported bundle schemaVersion 3 \(this version reads 1 and 2\)$/);
  });

  it('the frozen expectedId of v1 is dropped; the raw keywords that named the tenant are kept', () => {
    const raw = JSON.parse(v1Text) as any;
    const tenants = (migrateV1(raw.artifacts) as any).network.tenants;
    expect(tenants.find((t: any) => t.name === 'fabrikam.com')).toEqual({ name: 'fabrikam.com', source: 'scp:fabrikam.com', scpKeywords: raw.artifacts.forests[1].dcs[0].scp.keywords });
    for (const t of tenants) expect(t).not.toHaveProperty('expectedId');
  });
});

describe('evaluate re-reads the raw SCP keywords (a newer parser gives the newer verdict on an old bundle)', () => {
  const tenantFinding = (text: string) => (JSON.parse(renderJson(evaluate(parseBundle(text, 'b'), CHECKS))) as { findings: Array<Record<string, any>> }).findings
    .find((f) => f['check'] === 'tenant-resolution' && f['proxy'] === 'direct' && String(f['endpoint']).includes('/fabrikam.com/'));

  it('a v1 bundle whose parser missed the lower-case azureadid (no expectedId frozen) now fails with 0x801c03f2', () => {
    // The bundle's fabrikam SCP says "azureadid:0a0b…" (lower-case key) while fabrikam.com resolves to 6f1b….
    // A parser that read keys case-sensitively froze no expectedId, so v1 evaluation said "pass, nothing to compare".
    const raw = JSON.parse(v1Text) as any;
    for (const t of raw.artifacts.network.tenants) if (t.name === 'fabrikam.com') delete t.expectedId;
    const f = tenantFinding(JSON.stringify(raw));
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c03f2'], evidence: { expectedId: '0a0b0c0d-1111-2222-3333-444455556666', resolvedId: TENANT } });
  });

  it('a frozen expectedId that disagrees with the raw keywords is ignored: the keywords decide', () => {
    const raw = JSON.parse(v1Text) as any;
    for (const t of raw.artifacts.network.tenants) if (t.name === 'fabrikam.com') t.expectedId = TENANT;
    expect(tenantFinding(JSON.stringify(raw))).toMatchObject({ status: 'fail', codes: ['0x801c03f2'] });
    raw.artifacts.forests[1].dcs[0].scp.keywords = ['azureADName:fabrikam.com', `azureADId:${TENANT}`];
    expect(tenantFinding(JSON.stringify(raw))).toMatchObject({ status: 'pass' });
  });

  it('an SCP that today reads as naming another tenant than the one probed is an error, never a pass', () => {
    const raw = JSON.parse(readFileSync(new URL('demo/sample-bundle.json', root), 'utf8')) as any;
    raw.artifacts.forests[1].dcs[0].outcome.value.scp.keywords = ['azureADName:fabrikam.net', `azureADId:${TENANT}`];
    for (const t of raw.artifacts.network.tenants) if (t.name === 'fabrikam.com') t.scpKeywords = ['azureADName:fabrikam.net'];
    const f = tenantFinding(JSON.stringify(raw));
    expect(f).toMatchObject({ status: 'error', evidence: { nowNamed: ['fabrikam.net'] } });
    expect(f?.['message']).toMatch(/was probed because the SCP of fabrikam\.com named it .* now reads as naming fabrikam\.net/);
  });
});
