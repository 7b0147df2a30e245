/** Derived views are computed once per run and shared by the checks (src/derived/computed.ts). */
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseBundle } from '../../../src/artifacts/bundle.js';
import { CHECKS } from '../../../src/checks/index.js';
import { askCounts, computeCounts, computed } from '../../../src/derived/computed.js';
import { evaluate } from '../../../src/engine/run.js';

const demoText = readFileSync(new URL('../../../demo/sample-bundle.json', import.meta.url), 'utf8');

describe('computed artifacts', () => {
  beforeEach(() => {
    askCounts.clear();
    computeCounts.clear();
  });

  it('computes once per input object and returns the same value', () => {
    let calls = 0;
    const view = computed('test-view', (o: { n: number }) => ({ double: o.n * 2, call: ++calls }));
    const a = { n: 2 };
    expect(view(a)).toBe(view(a));
    expect(view(a).double).toBe(4);
    expect(view({ n: 3 }).double).toBe(6);
    expect(calls).toBe(2);
    expect(computeCounts.get('test-view')).toBe(2);
    expect(askCounts.get('test-view')).toBe(4);
  });

  it('one evaluation of the demo bundle with every check derives each view once per artifact', () => {
    const artifacts = parseBundle(demoText, 'demo');
    const report = evaluate(artifacts, CHECKS);
    expect(report.findings.length).toBeGreaterThan(50);
    const net = artifacts.network!;
    const networkChecks = CHECKS.filter((c) => c.meta.needs.includes('network')).length;
    // The probe join: one network artifact, one computation, though every network check asks for it.
    expect(computeCounts.get('probeViews')).toBe(1);
    expect(computeCounts.get('systemViews')).toBe(1);
    expect(askCounts.get('systemViews')).toBeGreaterThanOrEqual(networkChecks);
    // One DC view list per forest, asked for by every directory check.
    expect(computeCounts.get('dcViews')).toBe(artifacts.forests.length);
    expect(askCounts.get('dcViews')!).toBeGreaterThan(3 * artifacts.forests.length);
    // Each probe is classified once although several checks judge its transport.
    expect(computeCounts.get('classifyTransport')).toBeLessThanOrEqual(net.probes.length);
    expect(askCounts.get('classifyTransport')!).toBeGreaterThan(computeCounts.get('classifyTransport')!);
    // Each SCP's raw keyword list is parsed once (the SCPs read, plus the keywords the tenant plan recorded).
    const keywordLists = artifacts.forests.flatMap((f) => f.dcs).filter((d) => d.outcome.ok && d.outcome.value.scp).length + net.tenants.filter((t) => t.scpKeywords).length;
    expect(computeCounts.get('parseScpKeywords')).toBeLessThanOrEqual(keywordLists);
    expect(askCounts.get('parseScpKeywords')!).toBeGreaterThan(computeCounts.get('parseScpKeywords')!);
  });

  it('a second evaluation of the same artifacts computes nothing again; a fresh bundle does', () => {
    const artifacts = parseBundle(demoText, 'demo');
    evaluate(artifacts, CHECKS);
    const first = new Map(computeCounts);
    const again = evaluate(artifacts, CHECKS);
    expect(new Map(computeCounts)).toEqual(first);
    expect(JSON.stringify(evaluate(parseBundle(demoText, 'demo'), CHECKS).findings)).toBe(JSON.stringify(again.findings));
    expect(computeCounts.get('probeViews')).toBe(2);
  });
});
