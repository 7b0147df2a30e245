/** `diagnose --reg`: a device's client-side SCP export, judged and used to verify its forest (Samba lab). */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteScpContainer, getForest } from '../lab/index.js';
import { regExportBytes } from '../support/reg-build.js';
import { runCli, writeTempJson } from '../support/cli.js';
import { fullSample } from '../unit/dsregcmd/samples.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9b2c3d4e-1111-2222-3333-444455556666';
const contoso = getForest('contoso');

function setup(reg: Record<string, string>) {
  const config = writeTempJson('preflight.json', {
    tenant: { id: TENANT },
    forests: [{ name: contoso.name, dnsServers: [contoso.ip], caFile: contoso.caFile, bindDn: contoso.bindDn, passwordEnv: 'CONTOSO_PW', timeoutMs: 8000 }],
  });
  const dir = dirname(config);
  // The Windows Server 2022 capture: AD Configuration Test FAIL [0x80070002], Client ErrorCode 0x801c001d.
  const device = join(dir, 'dsregcmd.txt');
  writeFileSync(device, fullSample());
  const regFile = join(dir, 'cdj-aad.reg');
  writeFileSync(regFile, regExportBytes(reg));
  return { config, device, regFile, env: { CONTOSO_PW: contoso.password } };
}

describe('diagnose --reg against the lab (forest without an AD SCP)', () => {
  afterAll(async () => {
    await deleteScpContainer(contoso);
  });

  it('a device with good client-side SCP values: the diagnosis says so and does not blame the missing AD SCP', async () => {
    await deleteScpContainer(contoso);
    const { config, device, regFile, env } = setup({ TenantId: TENANT, TenantName: 'contoso.com' });
    const r = await runCli(['diagnose', '--dsregcmd', device, '--reg', regFile, '--config', config, '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.clientSideScp).toMatchObject({ used: true, status: 'pass', tenantId: TENANT, comparedWith: 'configuration' });
    expect(d.conclusion.verdict).not.toBe('confirmed');
    expect(d.verification.checks).toContain('scp-client-side');
    const text = await runCli(['diagnose', '--dsregcmd', device, '--reg', regFile, '--config', config], env);
    expect(text.stdout).toContain('The device uses the client-side SCP');
  });

  it('a device whose client-side SCP names another tenant: confirmed by scp-client-side, naming TenantId', async () => {
    const { config, device, regFile, env } = setup({ TenantId: OTHER_TENANT, TenantName: 'contoso.com' });
    const r = await runCli(['diagnose', '--dsregcmd', device, '--reg', regFile, '--config', config, '--format', 'json'], env);
    expect(r.code, r.stderr).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.clientSideScp).toMatchObject({ status: 'fail', comparison: { mismatch: 'TenantId' } });
    expect(d.conclusion.text).toMatch(/scp-client-side \(contoso\.test\).*TenantId/);
  });

  it('an unreadable --reg file is a one-line error (exit 2)', async () => {
    const { device } = setup({ TenantId: TENANT, TenantName: 'contoso.com' });
    const r = await runCli(['diagnose', '--dsregcmd', device, '--reg', '/nonexistent/cdj.reg']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read /nonexistent/cdj.reg: no such file');
  });
});
