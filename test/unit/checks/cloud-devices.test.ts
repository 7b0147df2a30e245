import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { cloudDevices } from '../../../src/checks/cloud-devices.js';
import { evaluate, neededParts } from '../../../src/engine/run.js';
import { cloudArtifact, device } from '../../support/cloud-build.js';
import { artifacts, dc, forest } from './build.js';

const run = (a: ReturnType<typeof cloudArtifact>) => cloudDevices.run({ settings: artifacts([]).settings, cloud: a });

describe("'cloud-devices'", () => {
  it('passes when every hybrid object is joined, enabled, managed and compliant', () => {
    const r = run(cloudArtifact([device(), device(), device({ trustType: 'AzureAd' })]));
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ status: 'pass', endpoint: 'https://graph.microsoft.com' });
    expect(r[0]?.message).toMatch(/All 2 hybrid/);
  });

  it('reports disabled (AADSTS50155), pending, not-compliant, dual state and duplicates, each once', () => {
    const r = run(cloudArtifact([
      device({ displayName: 'OFF', accountEnabled: false }),
      device({ displayName: 'WAIT', alternativeSecurityIds: [] }),
      device({ displayName: 'NC', isCompliant: false }),
      device({ displayName: 'DUAL' }),
      device({ displayName: 'dual', trustType: 'Workplace' }),
      device({ displayName: 'TWICE' }),
      device({ displayName: 'TWICE' }),
    ]));
    expect(r.map((x) => x.status)).toEqual(['warn', 'warn', 'warn', 'warn', 'warn']);
    expect(r[0]?.message).toMatch(/1 hybrid device object\(s\) are disabled: OFF.*AADSTS50155/);
    expect(r[0]?.evidence).toMatchObject({ serverMessage: 'AADSTS50155', source: expect.stringContaining('[S1]') });
    expect(r[1]?.message).toMatch(/Pending.*WAIT/);
    expect(r[2]?.message).toMatch(/NC.*Conditional Access/);
    expect(r[2]?.evidence).toMatchObject({ source: 'inferred' });
    expect(r[3]?.message).toMatch(/dual state.*DUAL/);
    expect(r[4]?.message).toMatch(/1 name\(s\) carry more than one hybrid device object: TWICE/);
  });

  it('a failed read is error, never a verdict about devices', () => {
    const r = run(cloudArtifact({ ok: false, failure: { stage: 'throttled', code: 'HTTP_429', message: 'throttled' } }));
    expect(r).toEqual([expect.objectContaining({ status: 'error', message: expect.stringContaining('throttled') })]);
  });

  it('no hybrid object at all is a warning (nothing synced), not a pass', () => {
    expect(run(cloudArtifact([device({ trustType: 'AzureAd' })]))[0]?.status).toBe('warn');
  });

  it('bounds the device list in the evidence', () => {
    const many = Array.from({ length: 60 }, () => device({ alternativeSecurityIds: [] }));
    const r = run(cloudArtifact(many));
    expect((r[0]?.evidence as { devices: unknown[] }).devices).toHaveLength(50);
    expect(r[0]?.evidence).toMatchObject({ count: 60, listedFirst: 50 });
  });
});

describe('the optional cloud half in the engine', () => {
  const a = artifacts([forest('contoso.test', [dc('dc1.contoso.test')])]);

  it('leaves the cloud checks out when the bundle has no cloud artifact (not asked for)', () => {
    const report = evaluate(a, CHECKS);
    expect(report.findings.some((x) => x.check.startsWith('cloud-'))).toBe(false);
    expect(report.findings.length).toBeGreaterThan(0);
  });

  it('--only cloud-devices without the artifact is error (asked for, not observed)', () => {
    const report = evaluate(a, CHECKS, { only: ['cloud-devices'] });
    expect(report.findings).toEqual([expect.objectContaining({ check: 'cloud-devices', status: 'error' })]);
    expect(report.summary.ready).toBe(false);
  });

  it('runs them with the artifact, and the gatherer plan includes the cloud half', () => {
    const report = evaluate({ ...a, cloud: cloudArtifact([device()]) }, CHECKS, { only: ['cloud-devices'] });
    expect(report.findings[0]).toMatchObject({ status: 'pass' });
    expect(neededParts(CHECKS, { only: ['cloud-devices'] })).toEqual({ forests: false, network: false, cloud: true });
  });
});

describe('rendering', () => {
  it('groups the cloud findings under "Entra ID" in the text report', async () => {
    const { renderText } = await import('../../../src/report/text.js');
    const report = evaluate({ ...artifacts([forest('contoso.test', [dc('dc1.contoso.test')])]), cloud: cloudArtifact([device({ displayName: 'OFF', accountEnabled: false })]) }, CHECKS, { only: ['cloud-devices', 'scp-present'] });
    const text = renderText(report, { color: false, verbose: false });
    expect(text).toMatch(/Entra ID\n {2}WARN {2}cloud-devices .*OFF/);
  });
});
