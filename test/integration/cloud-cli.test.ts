/**
 * The cloud half through the built CLI against the Graph stand-in: `check` and `gather` + `evaluate`
 * with a cloud object report joined, pending, disabled and not-compliant devices; a wrong secret is one
 * line and exit 2; the secret, the token and the key appear in no output, file or bundle.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { LAB_CLIENT_ID, LAB_TENANT_ID, startGraphStandIn, type GraphStandIn, type LabDevice } from '../lab/graph/server.js';
import { runCli, type CliResult } from '../support/cli.js';

const TENANT = LAB_TENANT_ID;
const CLIENT = LAB_CLIENT_ID;
const SECRET = 'Kx7~Distinctive.CLI-Secret_9931';
const WRONG = 'Wrong~CLI.Secret-4410';
const CLOUD_LAB_DEVICES: LabDevice[] = [
  { deviceId: '7d1c0000-0000-4000-8000-000000000001', displayName: 'WS-JOINED', x509: true },
  { deviceId: '7d1c0000-0000-4000-8000-000000000002', displayName: 'WS-PENDING', x509: false },
  { deviceId: '7d1c0000-0000-4000-8000-000000000003', displayName: 'WS-DISABLED', x509: true, accountEnabled: false },
  { deviceId: '7d1c0000-0000-4000-8000-000000000004', displayName: 'WS-NOCA', x509: true, isCompliant: false },
];

let lab: GraphStandIn;
const dir = mkdtempSync(join(tmpdir(), 'haadj-cloudcli-'));
const outputs: CliResult[] = [];
const cli = async (args: string[], env: Record<string, string>) => {
  const r = await runCli(args, env);
  outputs.push(r);
  return r;
};

function config(extra: Record<string, unknown> = {}): string {
  const path = join(dir, `preflight-${outputs.length}.json`);
  writeFileSync(path, JSON.stringify({ tenant: { id: TENANT }, forests: [], cloud: { clientId: CLIENT, clientSecretEnv: 'GRAPH_SECRET', authority: lab.origin, graphEndpoint: lab.origin, caFile: lab.caFile, timeoutMs: 5000, ...extra } }));
  return path;
}

beforeAll(async () => {
  lab = await startGraphStandIn({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, devices: CLOUD_LAB_DEVICES });
});
afterAll(async () => {
  await lab?.stop();
});

function capture(name: string, deviceId: string | null): string {
  const box = (title: string) => ['+----------------------------------------------------------------------+', `| ${title.padEnd(69)}|`, '+----------------------------------------------------------------------+', ''];
  const lines = [
    ...box('Device State'),
    `             AzureAdJoined : ${deviceId ? 'YES' : 'NO'}`,
    '          EnterpriseJoined : NO',
    '              DomainJoined : YES',
    '                DomainName : CONTOSO',
    `               Device Name : ${name}.contoso.com`,
    '',
    ...(deviceId ? [...box('Device Details'), `                  DeviceId : ${deviceId}`, '                Thumbprint : 0000000000000000000000000000000000000000', '            TpmProtected : YES', ''] : []),
  ];
  const path = join(dir, `dsregcmd-${name}.txt`);
  writeFileSync(path, lines.join('\r\n'));
  return path;
}

describe('cloud half through the CLI', () => {
  it('check reports each kind of device (JSON), and the text report names them', async () => {
    const r = await cli(['check', '--config', config(), '--only', 'cloud-devices', '--format', 'json'], { GRAPH_SECRET: SECRET });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    const messages = report.findings.filter((f) => f.check === 'cloud-devices').map((f) => `${f.status}: ${f.message}`).join('\n');
    expect(messages).toMatch(/warn: 1 hybrid device object\(s\) are disabled: WS-DISABLED.*AADSTS50155/);
    expect(messages).toMatch(/warn: 1 hybrid device object\(s\) are Pending.*WS-PENDING/);
    expect(messages).toMatch(/warn: 1 hybrid-joined device\(s\) are not managed or not compliant: WS-NOCA/);
    expect(messages).not.toMatch(/WS-JOINED/);
    const text = await cli(['check', '--config', config(), '--only', 'cloud-devices'], { GRAPH_SECRET: SECRET });
    expect(text.stdout).toContain('WS-DISABLED');
  });

  it('gather writes the cloud artifact (no key, no token); evaluate judges it offline', async () => {
    const bundle = join(dir, 'bundle.json');
    const g = await cli(['gather', '--config', config(), '--output', bundle], { GRAPH_SECRET: SECRET });
    expect(g.code, g.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(bundle, 'utf8'));
    expect(saved.artifacts.cloud.devices.value.map((d: { displayName: string }) => d.displayName)).toEqual(CLOUD_LAB_DEVICES.map((d) => d.displayName));
    expect(saved.artifacts.cloud.devices.value[0].alternativeSecurityIds).toEqual([{ type: 2, x509: true }]);
    const e = await cli(['evaluate', bundle, '--format', 'json'], {});
    expect(e.code, e.stderr).toBe(0);
    const report = JSON.parse(e.stdout) as Report;
    expect(report.findings.filter((f) => f.check === 'cloud-devices').map((f) => f.status)).toEqual(['warn', 'warn', 'warn']);
  });

  it('cloud-drs-principal: pass when the DRS principal is enabled, fail (exit 1) when disabled', async () => {
    const on = await cli(['check', '--config', config(), '--only', 'cloud-drs-principal', '--format', 'json'], { GRAPH_SECRET: SECRET });
    expect(on.code, on.stderr).toBe(0);
    expect((JSON.parse(on.stdout) as Report).findings).toEqual([expect.objectContaining({ check: 'cloud-drs-principal', status: 'pass' })]);
    lab.setDrs(false);
    try {
      const off = await cli(['check', '--config', config(), '--only', 'cloud-drs-principal', '--format', 'json'], { GRAPH_SECRET: SECRET });
      expect(off.code).toBe(1);
      expect((JSON.parse(off.stdout) as Report).findings[0]).toMatchObject({ status: 'fail', message: expect.stringMatching(/disabled/) });
    } finally {
      lab.setDrs(true);
    }
  });

  it('a wrong secret is one line naming the app and the cause, exit 2, for check and gather', async () => {
    for (const args of [['check', '--config', config()], ['gather', '--config', config(), '--output', join(dir, 'never.json')], ['check', '--config', config(), '--debug']]) {
      const r = await cli(args, { GRAPH_SECRET: WRONG });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      if (!args.includes('--debug')) expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`cloud: sign-in of app ${CLIENT} to tenant ${TENANT} .* failed: AADSTS7000215 invalid client secret`));
    }
  });

  it('a missing secret variable is a config error before any request (exit 2)', async () => {
    const before = lab.requests.length;
    const r = await cli(['check', '--config', config()], {});
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('haadj-preflight: cloud: environment variable GRAPH_SECRET (clientSecretEnv) is not set');
    expect(lab.requests.length).toBe(before);
  });

  it('diagnose looks the DeviceId up and explains a local/cloud mismatch (exit 1), or agrees (exit 0)', async () => {
    const disabled = await cli(['diagnose', '--dsregcmd', capture('WS-DISABLED', '{7D1C0000-0000-4000-8000-000000000003}'), '--config', config(), '--format', 'json'], { GRAPH_SECRET: SECRET });
    expect(disabled.code, disabled.stderr).toBe(1);
    const d = JSON.parse(disabled.stdout);
    expect(d.cloud).toMatchObject({ lookup: 'device-id', key: '7d1c0000-0000-4000-8000-000000000003', problem: true });
    expect(d.cloud.text).toMatch(/disabled.*AADSTS50155/);
    const missing = await cli(['diagnose', '--dsregcmd', capture('WS-GONE', '7d1c0000-0000-4000-8000-0000000000ff'), '--config', config()], { GRAPH_SECRET: SECRET });
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/Entra ID\n {2}MISMATCH \(looked up by DeviceId 7d1c0000-0000-4000-8000-0000000000ff\): .*no device object with that id/);
    const good = await cli(['diagnose', '--dsregcmd', capture('WS-JOINED', '7d1c0000-0000-4000-8000-000000000001'), '--config', config(), '--format', 'json'], { GRAPH_SECRET: SECRET });
    expect(good.code, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout).cloud).toMatchObject({ problem: false });
    const pendingLocalNo = await cli(['diagnose', '--dsregcmd', capture('WS-PENDING', null), '--config', config(), '--format', 'json'], { GRAPH_SECRET: SECRET });
    expect(JSON.parse(pendingLocalNo.stdout).cloud).toMatchObject({ lookup: 'name', key: 'WS-PENDING', problem: false, text: expect.stringMatching(/Pending/) });
    expect(decodeURIComponent(lab.requests.filter((r) => r.path.startsWith('/v1.0/devices')).at(-1)?.path ?? '')).toContain("$filter=displayName eq 'WS-PENDING'");
    const wrong = await cli(['diagnose', '--dsregcmd', capture('WS-JOINED', '7d1c0000-0000-4000-8000-000000000001'), '--config', config()], { GRAPH_SECRET: WRONG });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the secrets appear in no output, file or bundle', () => {
    const files = readdirSync(dir).filter((f) => !f.startsWith('preflight-')).map((f) => readFileSync(join(dir, f), 'utf8'));
    const all = [...outputs.flatMap((o) => [o.stdout, o.stderr]), ...files].join('\n');
    expect(outputs.length).toBeGreaterThan(5);
    for (const secret of [SECRET, WRONG, encodeURIComponent(SECRET), encodeURIComponent(WRONG)]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/lab\.[A-Za-z0-9_-]{30,}/);
  });
});
