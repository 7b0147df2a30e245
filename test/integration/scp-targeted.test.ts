/**
 * Targeted rollout (client-side SCP), hidden objects and per-domain SIDs against the real Samba lab,
 * through the built CLI.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/report.js';
import { deleteScpContainer, denyListOnScpContainer, getForest, restoreScpContainerAcl, setScp, type LabForest } from '../lab/index.js';
import { regExportBytes } from '../support/reg-build.js';
import { runCli, writeTempJson } from '../support/cli.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9b2c3d4e-1111-2222-3333-444455556666';
const contoso = getForest('contoso');
const env = { [`${contoso.netbios}_PW`]: contoso.password };

function forestConfig(f: LabForest, over: Record<string, unknown> = {}) {
  return { name: f.name, dnsServers: [f.ip], caFile: f.caFile, bindDn: f.bindDn, passwordEnv: `${f.netbios}_PW`, timeoutMs: 8000, ...over };
}

/** Writes the config and, next to it, cdj-aad.reg with the given values (the config names it relatively). */
async function audit(reg: Record<string, string> | null, tenant: object = { id: TENANT, name: 'contoso.com' }) {
  const forest = forestConfig(contoso, reg ? { clientSideScp: { regFile: 'cdj-aad.reg' } } : {});
  const config = writeTempJson('preflight.json', { tenant, forests: [forest] });
  if (reg) writeFileSync(join(dirname(config), 'cdj-aad.reg'), regExportBytes(reg));
  const result = await runCli(['scp', '--config', config, '--format', 'json'], env);
  let report: Report;
  try {
    report = JSON.parse(result.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${result.code}): ${result.stderr}`);
  }
  return { ...result, report };
}

function finding(report: Report, check: string): Finding {
  const f = report.findings.find((x) => x.check === check);
  if (!f) throw new Error(`no ${check} finding`);
  return f;
}

describe('targeted rollout, hidden SCP and domain SIDs (Samba lab)', () => {
  beforeEach(async () => {
    await deleteScpContainer(contoso);
  });
  afterAll(async () => {
    await deleteScpContainer(contoso);
  });

  it('no AD SCP keywords + a good client-side SCP export: no fail, no 0x801c001d, exit 0', async () => {
    await setScp(contoso, []);
    const { report, code } = await audit({ TenantId: TENANT, TenantName: 'contoso.com' });
    const fails = report.findings.filter((f) => f.status === 'fail' || f.status === 'error');
    expect(fails.map((f) => `${f.check}: ${f.message}`)).toEqual([]);
    expect(code).toBe(0);
    expect(report.findings.flatMap((f) => f.codes)).not.toContain('0x801c001d');
    expect(finding(report, 'scp-client-side')).toMatchObject({ status: 'pass', forest: 'contoso.test' });
    expect(finding(report, 'scp-keywords').status).toBe('pass');
    // The domain list was read from CN=Partitions: the SCP's DACL was judged with the domain's own SID.
    const verdict = finding(report, 'scp-read-access').evidence['verdict'] as { perDomain: Array<{ domain: string; sid: string }> };
    expect(verdict.perDomain.map((d) => d.domain)).toEqual(['contoso.test']);
    expect(verdict.perDomain[0]?.sid).toMatch(/^S-1-5-21-\d+-\d+-\d+$/);
  });

  it('no AD SCP at all + a good export: scp-present and scp-container pass', async () => {
    const { report, code } = await audit({ TenantId: TENANT, TenantName: 'contoso.com' });
    expect(code).toBe(0);
    expect(finding(report, 'scp-present').status).toBe('pass');
    expect(finding(report, 'scp-container').status).toBe('pass');
  });

  it('an export naming another tenant id: a fail that names TenantId', async () => {
    const { report, code } = await audit({ TenantId: OTHER_TENANT, TenantName: 'contoso.com' });
    expect(code).toBe(1);
    const f = finding(report, 'scp-client-side');
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x801c003a'] });
    expect(f.message).toContain(`TenantId ${OTHER_TENANT}`);
  });

  it('AD SCP keywords left in place with the declaration: a warn naming their tenant', async () => {
    await setScp(contoso, ['azureADName:contoso.com', `azureADId:${OTHER_TENANT}`]);
    const { report, code } = await audit({ TenantId: TENANT, TenantName: 'contoso.com' });
    expect(code).toBe(0);
    expect(finding(report, 'scp-keywords').status).toBe('warn');
    expect(finding(report, 'scp-keywords').message).toContain(OTHER_TENANT);
    expect(finding(report, 'scp-tenant-consistent').status).not.toBe('fail');
  });

  it('a missing regFile is a one-line config error (exit 2)', async () => {
    const config = writeTempJson('preflight.json', { forests: [forestConfig(contoso, { clientSideScp: { regFile: 'absent.reg' } })] });
    const { code, stderr } = await runCli(['scp', '--config', config], env);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('clientSideScp.regFile absent.reg: no such file');
  });

  it('an SCP hidden by a list deny on its container: scp-present says it may exist but is not visible, not "create it"', async () => {
    await setScp(contoso, ['azureADName:contoso.com', `azureADId:${TENANT}`]);
    await denyListOnScpContainer(contoso);
    try {
      const { report } = await audit(null);
      const present = finding(report, 'scp-present');
      expect(present.status, present.message).toBe('error');
      expect(present.message).toContain(`may exist and not be visible to ${contoso.bindDn}`);
      expect(present.message).toContain('DENY Authenticated Users mask 0x4');
      expect(present.codes).toEqual([]);
      expect(finding(report, 'scp-read-access')).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    } finally {
      await restoreScpContainerAcl(contoso);
    }
  });
});
