import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { checkGroup } from '../../../src/checks/types.js';
import { evaluate, neededParts } from '../../../src/engine/run.js';
import { artifacts, dc, forest } from '../checks/build.js';

describe('selection', () => {
  it('--only/--skip decide which gatherers run', () => {
    expect(neededParts(CHECKS, {})).toEqual({ forests: true, network: true, cloud: true });
    expect(neededParts(CHECKS, { only: ['scp-present'] })).toEqual({ forests: true, network: false, cloud: false });
    expect(neededParts(CHECKS, { only: ['proxy-auth', 'drs-discovery'] })).toEqual({ forests: false, network: true, cloud: false });
    const allDirectory = CHECKS.filter((c) => checkGroup(c.meta) === 'directory').map((c) => c.meta.id);
    expect(neededParts(CHECKS, { skip: allDirectory })).toEqual({ forests: false, network: true, cloud: true });
  });

  it('evaluate reports only selected checks, in registry order', () => {
    const report = evaluate(artifacts([forest('contoso.test', [dc('dc1')])]), CHECKS, { only: ['scp-keywords', 'scp-present'] });
    expect(report.findings.map((f) => f.check)).toEqual(['scp-present', 'scp-keywords']);
  });
});
