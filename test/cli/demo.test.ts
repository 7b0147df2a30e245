/** `demo` and `npm start`: the whole report for the bundled sample, without AD or network. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { runCli } from '../support/cli.js';
import { reportValidator } from '../support/schema.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('demo', () => {
  it('--format json: a valid report with findings for both forests and for network paths, fails and passes, exit 0', async () => {
    const r = await runCli(['demo', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary.ready).toBe(false);
    expect(report.summary.fail).toBeGreaterThan(0);
    expect(report.summary.pass).toBeGreaterThan(0);
    const forests = new Set(report.findings.map((f) => f.forest).filter(Boolean));
    expect(forests).toEqual(new Set(['contoso.com', 'fabrikam.com']));
    for (const forest of forests) {
      const mine = report.findings.filter((f) => f.forest === forest);
      expect(mine.some((f) => f.status === 'pass'), forest ?? '').toBe(true);
    }
    expect(report.findings.find((f) => f.forest === 'fabrikam.com' && f.check === 'scp-keywords')).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    const proxies = new Set(report.findings.map((f) => f.proxy).filter(Boolean));
    expect(proxies).toEqual(new Set(['direct', 'http://proxy.contoso.com:8080', 'http://inspect.contoso.com:3128']));
    expect(report.findings.find((f) => f.check === 'proxy-auth' && f.proxy === 'http://proxy.contoso.com:8080' && f.status === 'fail')?.codes).toContain('0x80190197');
    expect(report.findings.some((f) => f.check === 'tls-interception' && f.proxy === 'http://inspect.contoso.com:3128' && f.status === 'fail')).toBe(true);
    expect(report.findings.filter((f) => f.proxy === 'direct').some((f) => f.status === 'pass')).toBe(true);
    // Nothing of the lab it was recorded in shows through.
    expect(r.stdout).not.toMatch(/127\.0\.|\.test\b|\/tmp\/|HAADJ Lab/);
  });

  it('text by default: the verdict and a pointer to the next step; evaluate on the same bundle exits 1', async () => {
    const r = await runCli(['demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Forest contoso\.com$/m);
    expect(r.stdout).toMatch(/NOT READY: \d+ pass, \d+ warn, \d+ fail/);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stderr).toContain('haadj-preflight init');
    const evaluated = await runCli(['evaluate', join(ROOT, 'demo/sample-bundle.json'), '--format', 'json']);
    expect(evaluated.code).toBe(1);
  });

  it('--format html --output writes a self-contained page', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'haadj-demo-')), 'demo.html');
    const r = await runCli(['demo', '--format', 'html', '--output', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<h2>Not ready</h2>');
    expect(html).toContain('id="matrix-network"');
  });

  it('npm start runs the demo', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile('npm', ['start', '--silent'], { cwd: ROOT, timeout: 30_000, env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', NO_COLOR: '1' } }, (err, out) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 99) : 0, stdout: out }),
      );
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Forest fabrikam\.com$/m);
    expect(stdout).toMatch(/NOT READY: /);
  }, 40_000);
});
