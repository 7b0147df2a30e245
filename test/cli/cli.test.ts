/** The built CLI's user contract: exit codes, one-line errors, no secrets, no stack traces. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, writeTempJson } from '../support/cli.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

function expectOneLineError(stderr: string, pattern: RegExp) {
  const lines = stderr.trim().split('\n');
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
}

describe('CLI contract', () => {
  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('a missing config file is one line and exit 2', async () => {
    const r = await runCli(['check', '--config', '/nonexistent/preflight.json']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /cannot read config .*no such file/);
  });

  it.each([
    [{ forests: [{ name: 'contoso.com', tls: 'ssl' }] }, /config: forests\[0\]\.tls: must be one of/],
    [{ forests: [{ name: 'contoso.com', timeoutMs: 'soon' }] }, /config: forests\[0\]\.timeoutMs/],
    [{ forests: [{ name: 'contoso.com' }], extra: true }, /config: extra: unknown key/],
  ])('invalid config %j names the key and exits 2', async (config, message) => {
    const r = await runCli(['scp', '--config', writeTempJson('c.json', config)]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, message);
  });

  it('a config that is not JSON exits 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haadj-cli-'));
    writeFileSync(join(dir, 'c.json'), '{ "forests": [ ');
    const r = await runCli(['scp', '--config', join(dir, 'c.json')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /is not valid JSON/);
  });

  it('a missing password variable exits 2 naming the variable, before any network access', async () => {
    const config = writeTempJson('c.json', { forests: [{ name: 'contoso.test', servers: ['127.0.0.1:1'], bindDn: 'a@b.c', passwordEnv: 'HAADJ_TEST_UNSET_PW' }] });
    const r = await runCli(['scp', '--config', config]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /HAADJ_TEST_UNSET_PW.*not set/);
  });

  it('an unknown check id in --only exits 2 and lists the known ones', async () => {
    const r = await runCli(['scp', '--forest', 'contoso.test', '--only', 'scp-nonsense']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /unknown check "scp-nonsense" \(known: .*scp-present/);
  });

  it('usage errors exit 2', async () => {
    expect((await runCli(['scp'])).code).toBe(2);
    expect((await runCli(['no-such-command'])).code).toBe(2);
    expect((await runCli(['scp', '--forest', 'x.test', '--format', 'yaml'])).code).toBe(2);
  });

  it('an unreachable DC gives a fail finding and exit 1, with the password nowhere in the output', async () => {
    const secret = 'S3cret-For-The-Test';
    const r = await runCli(
      ['scp', '--forest', 'contoso.test', '--server', '127.0.0.1:1', '--bind-dn', 'svc@contoso.test', '--password-env', 'PW', '--format', 'json', '--timeout', '3000'],
      { PW: secret },
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.find((f: { check: string }) => f.check === 'dc-reachable')).toMatchObject({ status: 'fail', server: '127.0.0.1' });
    expect(r.stdout + r.stderr).not.toContain(secret);
    expect(r.stdout).not.toContain("\u001b");
  });

  it('gather writes a bundle without secrets that evaluate turns into the same findings offline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haadj-cli-'));
    const secret = 'Bundle-Secret-42';
    const config = writeTempJson('c.json', { forests: [{ name: 'contoso.test', servers: ['127.0.0.1:1'], bindDn: 'svc@contoso.test', passwordEnv: 'PW', timeoutMs: 3000 }] });
    const bundle = join(dir, 'bundle.json');
    const g = await runCli(['gather', '--config', config, '--output', bundle], { PW: secret });
    expect(g.code).toBe(0);
    expect(readFileSync(bundle, 'utf8')).not.toContain(secret);
    const e = await runCli(['evaluate', bundle, '--format', 'json']);
    expect(e.code).toBe(1);
    expect(JSON.parse(e.stdout).findings.find((f: { check: string }) => f.check === 'dc-reachable').status).toBe('fail');
    const notBundle = await runCli(['evaluate', config]);
    expect(notBundle.code).toBe(2);
    expectOneLineError(notBundle.stderr, /not a haadj-preflight bundle/);
  });

  it('init writes a starter config that loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'haadj-cli-'));
    const file = join(dir, 'preflight.json');
    const r = await runCli(['init', '--output', file, '--forest', 'contoso.com,fabrikam.com', '--tenant-id', '72f988bf-86f1-41af-91ab-2d7cd011db47']);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"$schema"');
    const again = await runCli(['init', '--output', file]);
    expect(again.code).toBe(2);
    // The written file is valid config: check gets as far as the missing password variable.
    const run = await runCli(['check', '--config', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/CONTOSO_LDAP_PASSWORD/);
  });
});
