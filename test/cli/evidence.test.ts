/**
 * No READY without evidence, through the built CLI: a saved bundle whose network half is missing, and
 * a bundle of the wrong shape (issue: verdicts an expert would sign).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, writeTempJson } from '../support/cli.js';

const demo = () => JSON.parse(readFileSync(new URL('../../demo/sample-bundle.json', import.meta.url), 'utf8')) as { artifacts: Record<string, unknown> };

describe('evaluate without the evidence a check needs', () => {
  const withoutNetwork = () => {
    const bundle = demo();
    delete bundle.artifacts['network'];
    return writeTempJson('no-network.json', bundle);
  };

  it('the selected network checks report error, the verdict is not READY, --strict exits 1', async () => {
    const file = withoutNetwork();
    const json = await runCli(['evaluate', file, '--only', 'tls-verify,drs-discovery', '--format', 'json']);
    const report = JSON.parse(json.stdout) as { summary: { ready: boolean; error: number; pass: number }; findings: Array<{ check: string; status: string }> };
    expect(report.summary).toMatchObject({ ready: false, error: 2, pass: 0 });
    expect(report.findings.map((f) => [f.check, f.status])).toEqual([['tls-verify', 'error'], ['drs-discovery', 'error']]);
    const text = await runCli(['evaluate', file, '--only', 'tls-verify,drs-discovery']);
    expect(text.stdout).toMatch(/^NOT READY: 0 pass, 0 warn, 0 fail, 2 error/m);
    expect(text.stdout).not.toMatch(/^READY/m);
    expect(text.code).toBe(0);
    expect((await runCli(['evaluate', file, '--only', 'tls-verify,drs-discovery', '--strict'])).code).toBe(1);
  });

  it('a bundle whose forests are not a list: one line on stderr, exit 2, nothing on stdout', async () => {
    const bundle = demo();
    bundle.artifacts['forests'] = { name: 'contoso.com' };
    const r = await runCli(['evaluate', writeTempJson('bad.json', bundle)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/is not a valid bundle \(schema\/bundle\.schema\.json\): at \/artifacts\/forests: must be array/);
  });
});
