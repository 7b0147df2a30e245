/**
 * Secrets: every command and format, with a bind password (right and wrong) and proxy credentials in
 * every form the config accepts (inline user:pass URL, {url, usernameEnv, passwordEnv}, HTTPS_PROXY
 * with credentials), to stdout and to files, and the error paths with --debug. No password, no
 * percent-encoded password and no Basic token may appear in any stdout, stderr, report or bundle.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { deleteScpContainer, getForest, setScp } from '../lab/index.js';
import { runCli, type CliResult } from '../support/cli.js';

const lab = inject('networkLab');
const contoso = getForest('contoso');
const fabrikam = getForest('fabrikam');
const TENANT = lab.tenantId;
const SQUID = '127.0.77.10';
const OPEN = `${SQUID}:31280`;
const AUTH = `${SQUID}:31281`;

const WRONG_BIND_PW = 'Wrong-Bind-Pw-5521';
const INLINE_USER = 'alice';
const INLINE_PW = 'In/line:P@ss%w0rd!';
const ENV_USER = 'bob';
const ENV_PW = 'Env-Proxy-Pw~#42';
const HTTPS_PROXY_USER = 'carol';
const HTTPS_PROXY_PW = 'EnvUrl-Pw#77+x';

const basic = (user: string, pw: string) => Buffer.from(`${user}:${pw}`).toString('base64');
const FORBIDDEN: Array<[string, string]> = [
  ['contoso bind password', contoso.password],
  ['fabrikam (wrong) bind password', WRONG_BIND_PW],
  ['lab proxy password', lab.proxyPassword],
  ['inline proxy password', INLINE_PW],
  ['inline proxy password (encoded)', encodeURIComponent(INLINE_PW)],
  ['env proxy password', ENV_PW],
  ['env proxy password (encoded)', encodeURIComponent(ENV_PW)],
  ['HTTPS_PROXY password', HTTPS_PROXY_PW],
  ['HTTPS_PROXY password (encoded)', encodeURIComponent(HTTPS_PROXY_PW)],
  ['lab proxy Basic token', basic(lab.proxyUser, lab.proxyPassword)],
  ['inline Basic token', basic(INLINE_USER, INLINE_PW)],
  ['env Basic token', basic(ENV_USER, ENV_PW)],
  ['HTTPS_PROXY Basic token', basic(HTTPS_PROXY_USER, HTTPS_PROXY_PW)],
];

const dir = mkdtempSync(join(tmpdir(), 'haadj-secrets-'));
const outDir = join(dir, 'out');
mkdirSync(outDir);
const path = (name: string) => join(dir, name);
const writeConfig = (name: string, value: unknown) => {
  writeFileSync(path(name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return path(name);
};

const ENV = {
  CONTOSO_PW: contoso.password,
  FABRIKAM_PW: WRONG_BIND_PW,
  PX_USER: ENV_USER,
  PX_PASS: ENV_PW,
  LAB_PX_USER: lab.proxyUser,
  LAB_PX_PASS: lab.proxyPassword,
  HTTPS_PROXY: `http://${HTTPS_PROXY_USER}:${encodeURIComponent(HTTPS_PROXY_PW)}@${OPEN}`,
};

const forest = (f: typeof contoso) => ({ name: f.name, dnsServers: [f.ip], caFile: f.caFile, bindDn: f.bindDn, passwordEnv: `${f.netbios}_PW`, timeoutMs: 8000 });
const NETWORK = {
  dnsServers: [lab.dnsServer],
  caFile: lab.originCaFile,
  expectedIssuers: [lab.originCaName],
  timeoutMs: 4000,
  proxies: [
    'direct',
    `http://${lab.proxyUser}:${lab.proxyPassword}@${AUTH}`,
    `http://${INLINE_USER}:${encodeURIComponent(INLINE_PW)}@${OPEN}`,
    { url: `http://${AUTH}`, usernameEnv: 'LAB_PX_USER', passwordEnv: 'LAB_PX_PASS' },
    { url: `http://${OPEN}`, usernameEnv: 'PX_USER', passwordEnv: 'PX_PASS' },
    'env',
  ],
};
const FULL = { tenant: { id: TENANT, name: 'contoso.lab.test' }, forests: [forest(contoso), forest(fabrikam)], network: NETWORK };
const DSREGCMD = new URL('../fixtures/dsregcmd/status-samples.txt', import.meta.url).pathname;

interface Run {
  name: string;
  args: string[];
  env?: Record<string, string>;
  /** Expected exit codes. */
  codes: number[];
  /** A file the run writes (checked too). */
  file?: string;
}

const results: Array<{ run: Run; result: CliResult; fileText?: string }> = [];

async function runAll(runs: Run[], parallel = 4): Promise<void> {
  for (let i = 0; i < runs.length; i += parallel) {
    const batch = runs.slice(i, i + parallel);
    const done = await Promise.all(batch.map(async (run) => {
      const result = await runCli(run.args, { ...ENV, ...run.env });
      let fileText: string | undefined;
      if (run.file) {
        try {
          fileText = readFileSync(run.file, 'utf8');
        } catch {
          fileText = undefined;
        }
      }
      return { run, result, ...(fileText !== undefined ? { fileText } : {}) };
    }));
    results.push(...done);
  }
}

describe('secrets never leave the process', () => {
  beforeAll(async () => {
    await setScp(contoso, ['azureADName:contoso.lab.test', `azureADId:${TENANT}`]);
    const full = writeConfig('full.json', FULL);
    const bundle = path('bundle.json');
    const formats = ['text', 'json', 'html', 'markdown'];
    const runs: Run[] = [];
    for (const format of formats) {
      runs.push({ name: `check ${format} stdout`, args: ['check', '--config', full, '--format', format, '--verbose'], codes: [1] });
      const file = join(outDir, `check.${format}`);
      runs.push({ name: `check ${format} --output`, args: ['check', '--config', full, '--format', format, '--output', file], codes: [1], file });
    }
    runs.push(
      { name: 'check --debug --strict json', args: ['--debug', 'check', '--config', full, '--format', 'json', '--strict'], codes: [1] },
      { name: 'scp --config json', args: ['scp', '--config', full, '--format', 'json'], codes: [0, 1] },
      { name: 'scp --forest flags text', args: ['scp', '--forest', contoso.name, '--dns-server', contoso.ip, '--ca-file', contoso.caFile, '--bind-dn', contoso.bindDn, '--password-env', 'CONTOSO_PW', '--verbose'], codes: [0, 1] },
      { name: 'probe json', args: ['probe', '--config', full, '--format', 'json'], codes: [1] },
      { name: 'probe text', args: ['probe', '--config', full, '--verbose'], codes: [1] },
      { name: 'probe markdown --output', args: ['probe', '--config', full, '--format', 'markdown', '--output', join(outDir, 'probe.md')], codes: [1], file: join(outDir, 'probe.md') },
      { name: 'gather', args: ['gather', '--config', full, '--output', bundle], codes: [0], file: bundle },
      { name: 'diagnose --config', args: ['diagnose', '--dsregcmd', DSREGCMD, '--config', full, '--format', 'json'], codes: [0, 1, 2] },
      { name: 'explain', args: ['explain', '0x801c001d'], codes: [0] },
      { name: 'demo text', args: ['demo', '--verbose'], codes: [0, 1] },
      { name: 'demo json --output', args: ['demo', '--format', 'json', '--output', join(outDir, 'demo.json')], codes: [0, 1], file: join(outDir, 'demo.json') },
      { name: 'dsregcmd parse', args: ['dsregcmd', 'parse', DSREGCMD], codes: [0] },
      { name: 'dsregcmd summarize', args: ['dsregcmd', 'summarize', DSREGCMD], codes: [0] },
      { name: 'init', args: ['init', '--output', join(outDir, 'init.json'), '--forest', 'contoso.test'], codes: [0], file: join(outDir, 'init.json') },
    );
    await runAll(runs);
    // The bundle now exists: evaluate it in every format.
    await runAll(formats.flatMap((format): Run[] => [
      { name: `evaluate ${format}`, args: ['evaluate', bundle, '--format', format], codes: [1] },
      { name: `evaluate ${format} --output`, args: ['evaluate', bundle, '--format', format, '--output', join(outDir, `evaluate.${format}`)], codes: [1], file: join(outDir, `evaluate.${format}`) },
    ]));
    // Error paths, all with --debug (which prints stack traces for internal errors).
    const withProxy = (proxies: unknown[]) => ({ tenant: { id: TENANT }, forests: [forest(contoso)], network: { ...NETWORK, proxies } });
    await runAll([
      { name: 'unset proxy password variable', args: ['--debug', 'check', '--config', writeConfig('unset.json', withProxy([{ url: `http://${OPEN}`, usernameEnv: 'PX_USER', passwordEnv: 'PX_UNSET' }]))], codes: [2] },
      { name: 'credentials in a proxy URL with a path', args: ['--debug', 'probe', '--config', writeConfig('path.json', withProxy([`http://${INLINE_USER}:${encodeURIComponent(INLINE_PW)}@${OPEN}/x`]))], codes: [2] },
      { name: 'credentials in an https proxy URL', args: ['--debug', 'probe', '--config', writeConfig('scheme.json', withProxy([`https://${INLINE_USER}:${encodeURIComponent(INLINE_PW)}@${OPEN}`]))], codes: [2] },
      { name: 'credentials in {url}', args: ['--debug', 'probe', '--config', writeConfig('urlcreds.json', withProxy([{ url: `http://${INLINE_USER}:${encodeURIComponent(INLINE_PW)}@${OPEN}` }]))], codes: [2] },
      { name: 'invalid JSON next to the credentials', args: ['--debug', 'check', '--config', writeConfig('broken.json', `{"network": {"proxies": ["http://${INLINE_USER}:${encodeURIComponent(INLINE_PW)}@${OPEN}", x]}}`)], codes: [2] },
      { name: 'invalid JSON right after the credentials', args: ['--debug', 'check', '--config', writeConfig('broken2.json', `{"network": {"proxies": ["http://u:${lab.proxyPassword}@h:1" "direct"]}}`)], codes: [2] },
      { name: 'unwritable --output after a full run', args: ['--debug', 'check', '--config', full, '--format', 'json', '--output', outDir], codes: [2] },
      { name: 'unreadable CA file', args: ['--debug', 'check', '--config', writeConfig('ca.json', { ...FULL, forests: [{ ...forest(contoso), caFile: outDir }] })], codes: [2] },
      { name: 'evaluate a config instead of a bundle', args: ['--debug', 'evaluate', full], codes: [2] },
    ]);
  });

  afterAll(async () => {
    await deleteScpContainer(contoso);
  });

  it('every run exited as expected (the secrets were really used)', () => {
    expect(results.length).toBeGreaterThan(30);
    for (const { run, result } of results) expect(run.codes, `${run.name}: exit ${result.code}\n${result.stderr}`).toContain(result.code);
    const check = results.find((r) => r.run.name === 'check json stdout')?.result;
    const report = JSON.parse(check?.stdout ?? '') as Report;
    // The right bind password bound; the wrong one was sent and refused.
    expect(report.findings.find((f) => f.check === 'dc-bind' && f.forest === contoso.name)?.status).toBe('pass');
    expect(report.findings.find((f) => f.check === 'dc-bind' && f.forest === fabrikam.name)?.message).toMatch(/invalidCredentials/);
    // The authenticating proxy accepted both the inline and the environment credentials.
    const auth = report.findings.filter((f) => f.check === 'proxy-auth' && f.proxy === `http://${AUTH}`);
    expect(auth.length).toBeGreaterThan(0);
    expect(JSON.stringify(auth)).toMatch(/credentials/);
    // The error paths are one line each.
    for (const { run, result } of results.filter((r) => r.run.codes.length === 1 && r.run.codes[0] === 2)) {
      expect(result.stderr.split('\n')[0], run.name).toMatch(/^haadj-preflight: /);
    }
  });

  it.each(FORBIDDEN)('the %s appears in no stdout, stderr, report file or bundle', (_what, secret) => {
    for (const { run, result, fileText } of results) {
      expect(result.stdout.includes(secret), `${run.name}: stdout`).toBe(false);
      expect(result.stderr.includes(secret), `${run.name}: stderr`).toBe(false);
      if (fileText !== undefined) expect(fileText.includes(secret), `${run.name}: ${run.file}`).toBe(false);
    }
    for (const name of readdirSync(outDir)) {
      const p = join(outDir, name);
      expect(readFileSync(p, 'utf8').includes(secret), p).toBe(false);
    }
  });
});
