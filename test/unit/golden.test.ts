/**
 * Golden reports: the JSON report of `evaluate` on the committed demo bundle and on one variant per
 * fault class, committed under test/golden/. Any change of a verdict, code, message or remedy shows
 * up here and in review. After an intended change, regenerate and read the diff:
 *   UPDATE_GOLDEN=1 npx vitest run test/unit/golden.test.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../src/artifacts/bundle.js';
import type { Artifacts, DcArtifact, DcObservation } from '../../src/artifacts/types.js';
import { CHECKS } from '../../src/checks/index.js';
import { evaluate } from '../../src/engine/run.js';
import { renderJson } from '../../src/report/json.js';

const root = new URL('../../', import.meta.url);
const demo = (): Artifacts => parseBundle(readFileSync(new URL('demo/sample-bundle.json', root), 'utf8'), 'demo');

const TENANT = '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b';

/** What a DC of the demo observed (every demo DC finished its read), for editing before evaluation. */
function observedDc(dc: DcArtifact): DcObservation {
  if (!dc.outcome.ok) throw new Error(`${dc.host} did not finish in the demo bundle`);
  return dc.outcome.value;
}

/** One variant per fault class, each a pure edit of the demo evidence. */
const VARIANTS: Record<string, (a: Artifacts) => void> = {
  demo: () => undefined,
  'no-network': (a) => { delete a.network; },
  'scp-missing': (a) => {
    observedDc(a.forests[0]!.dcs[0]!).scp = null;
  },
  'dc-unreachable': (a) => {
    const dc = a.forests[1]!.dcs[0]!;
    a.forests[1]!.dcs[0] = { host: dc.host, port: dc.port, tls: dc.tls, durationMs: 10_000, outcome: { ok: false, failure: { stage: 'connect', code: 'ETIMEDOUT', message: 'no answer within 10000 ms' } } };
  },
  healthy: (a) => {
    const scp = observedDc(a.forests[1]!.dcs[0]!).scp!;
    scp.keywords = [`azureADId:${TENANT}`, 'azureADName:fabrikam.com'];
    const net = a.network!;
    const direct = net.paths.filter((p) => p.label === 'direct').map((p) => p.id);
    net.paths = net.paths.filter((p) => direct.includes(p.id));
    net.probes = net.probes.filter((p) => direct.includes(p.pathId));
    net.pac = net.pac.filter((p) => direct.includes(p.pathId));
  },
};

describe('golden reports (test/golden/*.report.json)', () => {
  it.each(Object.keys(VARIANTS))('%s', (name) => {
    const a = demo();
    VARIANTS[name]!(a);
    const text = renderJson(evaluate(a, CHECKS));
    const file = new URL(`test/golden/${name}.report.json`, root);
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it('the golden verdicts are the ones an admin should act on', () => {
    type Golden = { summary: { ready: boolean; error: number; fail: number }; findings: Array<{ check: string; status: string; forest: string | null }> };
    const golden = (name: string) => JSON.parse(readFileSync(new URL(`test/golden/${name}.report.json`, root), 'utf8')) as Golden;
    const summary = (name: string) => golden(name).summary;
    expect(summary('demo').ready).toBe(false);
    expect(summary('no-network')).toMatchObject({ ready: false });
    expect(summary('no-network').error).toBeGreaterThan(0);
    expect(golden('scp-missing').findings).toContainEqual(expect.objectContaining({ check: 'scp-present', status: 'fail', forest: 'contoso.com' }));
    expect(summary('healthy').ready).toBe(true);
    expect(summary('dc-unreachable').error).toBeGreaterThan(0);
  });
});
