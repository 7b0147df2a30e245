/**
 * The directory half against the real Samba AD lab: every acceptance scenario of the SCP audit, run
 * through the built CLI exactly as an administrator would.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/report.js';
import { reportValidator } from '../support/schema.js';
import {
  deleteScp,
  deleteScpContainer,
  denyReadToAuthenticatedUsers,
  restoreDefaultScpAcl,
  getForest,
  isDcRunning,
  setScp,
  startForestDc,
  stopForestDc,
  type LabForest,
} from '../lab/index.js';
import { runCli, writeTempJson } from '../support/cli.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9b2c3d4e-1111-2222-3333-444455556666';
const contoso = getForest('contoso');
const fabrikam = getForest('fabrikam');
const GOOD = (domain = 'contoso.com', id = TENANT) => [`azureADName:${domain}`, `azureADId:${id}`];

const envFor = (...forests: LabForest[]) =>
  Object.fromEntries(forests.map((f) => [`${f.netbios}_PW`, f.password]));

function forestConfig(f: LabForest, over: Record<string, unknown> = {}) {
  return {
    name: f.name,
    dnsServers: [f.ip],
    caFile: f.caFile,
    bindDn: f.bindDn,
    passwordEnv: `${f.netbios}_PW`,
    timeoutMs: 8000,
    ...over,
  };
}

async function audit(forests: object[], env: Record<string, string>, tenant: object | null = { id: TENANT }) {
  const config = writeTempJson('preflight.json', { ...(tenant ? { tenant } : {}), forests });
  const result = await runCli(['scp', '--config', config, '--format', 'json'], env);
  let report: Report | undefined;
  try {
    report = JSON.parse(result.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${result.code}): ${result.stderr}`);
  }
  return { ...result, report };
}

function finding(report: Report, check: string, forest?: string): Finding {
  const f = report.findings.find((x) => x.check === check && (forest === undefined || x.forest === forest));
  if (!f) throw new Error(`no ${check} finding for ${forest ?? 'any forest'}`);
  return f;
}

describe('scp audit against the Samba lab', () => {
  beforeEach(async () => {
    await setScp(contoso, GOOD());
    await setScp(fabrikam, GOOD('fabrikam.com'));
  });

  afterAll(async () => {
    for (const f of [contoso, fabrikam]) if (!isDcRunning(f)) await startForestDc(f);
    // Leave the forests as provisioned (no SCP) for the other test files.
    for (const f of [contoso, fabrikam]) await deleteScpContainer(f);
  });

  it('a correct SCP passes every check, found through DNS SRV, and the JSON matches the contract', async () => {
    const { report, code } = await audit([forestConfig(contoso)], envFor(contoso));
    expect(code).toBe(0);
    const discovery = finding(report, 'dc-discovery');
    expect(discovery.status).toBe('pass');
    expect(discovery.evidence).toMatchObject({ source: 'srv', srvName: '_ldap._tcp.dc._msdcs.contoso.test' });
    for (const id of ['dc-reachable', 'dc-tls', 'dc-bind', 'scp-container', 'scp-present', 'scp-keywords', 'scp-tenant-match', 'scp-read-access', 'dc-clock-skew']) {
      const f = finding(report, id);
      expect.soft(f.status, `${id}: ${f.message}`).toBe('pass');
      expect(f.server).toBe('dc1.contoso.test');
    }
    expect(report.summary.ready).toBe(true);
    const validate = reportValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('SCP missing → scp-present fails with 0x801c001d/0x80070002', async () => {
    await deleteScp(contoso);
    const { report, code } = await audit([forestConfig(contoso)], envFor(contoso));
    expect(code).toBe(1);
    expect(finding(report, 'scp-present')).toMatchObject({ status: 'fail', forest: 'contoso.test', codes: ['0x801c001d', '0x80070002'] });
    expect(finding(report, 'scp-container').status).toBe('pass');
  });

  it('container missing → scp-container fails', async () => {
    await deleteScpContainer(contoso);
    const { report } = await audit([forestConfig(contoso)], envFor(contoso));
    expect(finding(report, 'scp-container')).toMatchObject({ status: 'fail', codes: ['0x801c001d', '0x80070002'] });
    expect(finding(report, 'scp-present').status).toBe('fail');
  });

  it.each([
    ['azureADId not a GUID', ['azureADName:contoso.com', 'azureADId:not-a-guid'], /not a GUID/],
    ['azureADName missing', [`azureADId:${TENANT}`], /no azureADName/],
    ['two azureADId values', [...GOOD(), `azureADId:${OTHER_TENANT}`], /2 azureADId/],
    ['lower-case prefix', ['azureADName:contoso.com', `azureadid:${TENANT}`], /exactly "azureADId:"/],
  ])('%s → scp-keywords fails with 0x801c001d', async (_name, keywords, detail) => {
    await setScp(contoso, keywords);
    const { report } = await audit([forestConfig(contoso)], envFor(contoso));
    const f = finding(report, 'scp-keywords');
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    expect(f.message).toMatch(detail);
    expect(f.evidence['keywords']).toEqual(expect.arrayContaining(keywords));
  });

  it('SCP tenant differs from the config → scp-tenant-match fails', async () => {
    await setScp(contoso, GOOD('contoso.com', OTHER_TENANT));
    const { report } = await audit([forestConfig(contoso)], envFor(contoso));
    expect(finding(report, 'scp-tenant-match')).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x801c003a'] });
    expect(finding(report, 'scp-keywords').status).toBe('pass');
  });

  it('two forests pointing at different tenants → scp-tenant-consistent fails', async () => {
    await setScp(fabrikam, GOOD('fabrikam.com', OTHER_TENANT));
    const { report } = await audit([forestConfig(contoso), forestConfig(fabrikam)], envFor(contoso, fabrikam), null);
    const f = finding(report, 'scp-tenant-consistent');
    expect(f.status).toBe('fail');
    expect(f.evidence['tenants']).toEqual({ 'contoso.test': TENANT, 'fabrikam.test': OTHER_TENANT });
    expect(finding(report, 'scp-present', 'fabrikam.test').status).toBe('pass');
  });

  it('an ACL denying read to Authenticated Users → scp-read-access fails', async () => {
    await denyReadToAuthenticatedUsers(contoso);
    try {
      const { report } = await audit([forestConfig(contoso)], envFor(contoso));
      const f = finding(report, 'scp-read-access');
      expect(f).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
      expect(f.message).toContain('DENY Authenticated Users');
      // The deny hits the audit account too (it is an authenticated user): say so instead of "keyword missing".
      expect(finding(report, 'scp-keywords').message).toContain('denies read');
    } finally {
      await restoreDefaultScpAcl(contoso);
    }
  });

  it('wrong password → dc-bind error (invalidCredentials), password never printed', async () => {
    const wrong = 'Wrong-Passw0rd-Never-Printed';
    const { report, stdout, stderr } = await audit([forestConfig(contoso)], { CONTOSO_PW: wrong });
    expect(finding(report, 'dc-bind')).toMatchObject({ status: 'error' });
    expect(finding(report, 'dc-bind').message).toContain('invalidCredentials');
    expect(finding(report, 'scp-present').status).toBe('error');
    expect(stdout + stderr).not.toContain(wrong);
  });

  it('CA not trusted → dc-tls error naming the untrusted chain', async () => {
    const { report } = await audit([forestConfig(contoso, { caFile: undefined })], envFor(contoso));
    const f = finding(report, 'dc-tls');
    expect(f.status).toBe('error');
    expect(f.message).toMatch(/not issued by a CA this host trusts/);
    expect(finding(report, 'dc-bind').status).toBe('skip');
  });

  it('plain LDAP simple bind is refused by the server → dc-bind error (strongerAuthRequired)', async () => {
    const { report } = await audit([forestConfig(contoso, { tls: 'plain' })], envFor(contoso));
    expect(finding(report, 'dc-bind').message).toContain('strongerAuthRequired');
    expect(finding(report, 'dc-bind').status).toBe('error');
    expect(finding(report, 'dc-tls').status).toBe('warn');
  });

  it('StartTLS on 389 reads the SCP too', async () => {
    const { report } = await audit([forestConfig(contoso, { tls: 'starttls' })], envFor(contoso));
    expect(finding(report, 'dc-tls').status).toBe('pass');
    expect(finding(report, 'scp-keywords').status).toBe('pass');
  });

  it('one DC stopped: that forest reports the dead DC, the other is audited normally', async () => {
    await stopForestDc(fabrikam);
    const started = Date.now();
    const { report } = await audit(
      [forestConfig(contoso), forestConfig(fabrikam, { servers: [fabrikam.ip], dnsServers: undefined })],
      envFor(contoso, fabrikam),
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(finding(report, 'dc-reachable', 'fabrikam.test')).toMatchObject({ status: 'fail', server: fabrikam.ip });
    expect(finding(report, 'scp-present', 'fabrikam.test').status).toBe('error');
    expect(finding(report, 'scp-present', 'contoso.test').status).toBe('pass');
    expect(finding(report, 'scp-keywords', 'contoso.test').status).toBe('pass');
    await startForestDc(fabrikam);
  }, 90_000);
});
