/** `diagnose` against the real Samba lab: a device showing 0x801c001d, with and without an SCP in its forest. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteScpContainer, getForest, setScp } from '../lab/index.js';
import { runCli, writeTempJson } from '../support/cli.js';
import { fullSample } from '../unit/dsregcmd/samples.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const contoso = getForest('contoso');

function setup() {
  const config = writeTempJson('preflight.json', {
    tenant: { id: TENANT },
    forests: [
      { name: contoso.name, dnsServers: [contoso.ip], caFile: contoso.caFile, bindDn: contoso.bindDn, passwordEnv: 'CONTOSO_PW', timeoutMs: 8000 },
    ],
  });
  // The Windows Server 2022 capture: AD Configuration Test FAIL [0x80070002], Client ErrorCode 0x801c001d.
  const device = join(dirname(config), 'dsregcmd.txt');
  writeFileSync(device, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fullSample().replace(/\n/g, '\r\n'), 'utf16le')]));
  return { config, device, env: { CONTOSO_PW: contoso.password } };
}

describe('diagnose against the lab', () => {
  afterAll(async () => {
    await deleteScpContainer(contoso);
  });

  it('names the missing SCP as the cause when the device forest has none (exit 1)', async () => {
    await deleteScpContainer(contoso);
    const { config, device, env } = setup();
    const r = await runCli(['diagnose', '--dsregcmd', device, '--config', config, '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.device).toMatchObject({ clientErrorCode: '0x801c001d', errorPhase: 'discover' });
    expect(d.conclusion.verdict).toBe('confirmed');
    expect(d.conclusion.text).toMatch(/scp-present \(contoso\.test\)/);
    expect(d.verification.problems.map((f: { check: string }) => f.check)).toEqual(expect.arrayContaining(['scp-container', 'scp-present']));
    const text = await runCli(['diagnose', '--dsregcmd', device, '--config', config], env);
    expect(text.stdout).toContain('CAUSE CONFIRMED IN THE ENVIRONMENT');
  });

  it('points at the device when the forest has a correct, readable SCP (exit 0)', async () => {
    await setScp(contoso, ['azureADName:contoso.com', `azureADId:${TENANT}`]);
    const { config, device, env } = setup();
    const r = await runCli(['diagnose', '--dsregcmd', device, '--config', config, '--forest', 'contoso.test', '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.conclusion.verdict).toBe('environment-healthy');
    expect(d.conclusion.deviceSide.join(' ')).toMatch(/replication|CDJ/);
  });

  it('explains the device without a config, and rejects text that is not dsregcmd output', async () => {
    const { device, config } = setup();
    const r = await runCli(['diagnose', '--dsregcmd', device]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');
    expect(r.stdout).toContain('NOT VERIFIED');
    const bad = await runCli(['diagnose', '--dsregcmd', config]);
    expect(bad.code).toBe(2);
  });
});
