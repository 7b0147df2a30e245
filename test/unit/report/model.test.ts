import { describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../../src/engine/report.js';
import { buildMatrix, groupBySubject } from '../../../src/report/model.js';

const f = (check: string, status: Finding['status'], over: Partial<Finding> = {}): Finding => ({
  check, status, title: check, message: '', forest: null, server: null, proxy: null, endpoint: null, codes: [], remedy: null, evidence: {}, ...over,
});
const report = (findings: Finding[]): Report => ({
  schemaVersion: 1, tool: { name: 't', version: '0' }, startedAt: '', durationMs: 0, findings,
  summary: { pass: 0, warn: 0, fail: 0, error: 0, skip: 0, ready: true },
});

describe('report model', () => {
  it('a matrix cell shows the worst status, and skip only when every finding in it was skipped', () => {
    const findings = [
      f('scp-keywords', 'skip', { forest: 'a', server: 'dc1' }),
      f('scp-keywords', 'fail', { forest: 'a', server: 'dc2' }),
      f('scp-keywords', 'skip', { forest: 'b', server: 'dc1' }),
      f('scp-present', 'pass', { forest: 'b' }),
      f('scp-tenant-consistent', 'skip'),
    ];
    const m = buildMatrix(findings, (x) => (x.forest ? x.check : null), (x) => x.forest);
    expect(m.rows).toEqual(['scp-keywords', 'scp-present']);
    expect(m.columns).toEqual(['a', 'b']);
    expect(m.cells.get('scp-keywords')?.get('a')).toBe('fail');
    expect(m.cells.get('scp-keywords')?.get('b')).toBe('skip');
    expect(m.cells.get('scp-present')?.get('a')).toBeUndefined();
  });

  it('a subject whose findings were all skipped is "not checked", not "ready"', () => {
    const groups = groupBySubject(report([f('scp-present', 'pass', { forest: 'a' }), f('scp-tenant-consistent', 'skip'), f('scp-present', 'fail', { forest: 'b' })]));
    expect(groups.map((g) => [g.key, g.verdict])).toEqual([['forest:a', 'ready'], ['all', 'not checked'], ['forest:b', 'not ready']]);
  });
});
