/**
 * Multi-DC forests against the real lab: contoso.test has dc1 (127.0.0.11) and dc2 (127.0.0.13),
 * joined without replication, so a change written to one DC stays there. The CLI finds both DCs
 * through the DC locator SRV record and compares what each of them holds (`scp-replication`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/engine/report.js';
import {
  dcView,
  deleteScp,
  deleteScpContainer,
  getForest,
  isDcRunning,
  readScpKeywords,
  setScp,
  startForestDc,
  stopForestDc,
} from '../lab/index.js';
import { runCli, writeTempJson } from '../support/cli.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9b2c3d4e-1111-2222-3333-444455556666';
const GOOD = (id = TENANT) => ['azureADName:contoso.com', `azureADId:${id}`];
const contoso = getForest('contoso');
const dc2 = dcView(contoso, 'dc2');
const DC1 = 'dc1.contoso.test';
const DC2 = 'dc2.contoso.test';
const DC_CHECKS = ['dc-reachable', 'dc-tls', 'dc-bind', 'dc-clock-skew'];
const SCP_CHECKS = ['scp-container', 'scp-present', 'scp-keywords', 'scp-tenant-match', 'scp-read-access'];

async function audit(caFile = contoso.caFile): Promise<{ report: Report; code: number | null }> {
  const config = writeTempJson('preflight.json', {
    tenant: { id: TENANT },
    // No `servers`: the DCs come from _ldap._tcp.dc._msdcs.contoso.test on the forest's DNS (dc1).
    forests: [{ name: contoso.name, dnsServers: [contoso.ip], caFile, bindDn: contoso.bindDn, passwordEnv: 'CONTOSO_PW', timeoutMs: 8000 }],
  });
  const result = await runCli(['scp', '--config', config, '--format', 'json'], { CONTOSO_PW: contoso.password });
  try {
    return { report: JSON.parse(result.stdout) as Report, code: result.code };
  } catch {
    throw new Error(`no JSON report (exit ${result.code}): ${result.stderr}`);
  }
}

function find(report: Report, check: string, server?: string): Finding {
  const f = report.findings.find((x) => x.check === check && (server === undefined || x.server === server));
  if (!f) throw new Error(`no ${check} finding${server ? ` for ${server}` : ''}: ${JSON.stringify(report.findings.map((x) => [x.check, x.server]))}`);
  return f;
}

describe('a forest with two DCs that do not replicate', () => {
  beforeAll(async () => {
    if (!isDcRunning(contoso, 'dc2')) await startForestDc(contoso, 'dc2');
  });

  afterAll(async () => {
    if (!isDcRunning(contoso, 'dc2')) await startForestDc(contoso, 'dc2');
    // Both DCs back to "as provisioned" (no SCP container) for the other test files.
    await deleteScpContainer(contoso);
  }, 120_000);

  it('the lab really does not replicate: a write to one DC stays on that DC', async () => {
    await deleteScpContainer(contoso);
    await setScp(contoso, GOOD(), { dc: 'dc1' });
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await readScpKeywords(contoso)).toEqual(expect.arrayContaining(GOOD()));
    expect(await readScpKeywords(contoso, { dc: 'dc2' })).toBeUndefined();
    expect(dc2).toMatchObject({ ip: '127.0.0.13', dcHostName: DC2 });
  });

  it('same SCP on both DCs: both found through SRV, every DC check passes for both, scp-replication passes', async () => {
    await setScp(contoso, GOOD());
    const { report, code } = await audit();
    const discovery = find(report, 'dc-discovery');
    expect(discovery.status).toBe('pass');
    expect(discovery.evidence).toMatchObject({ source: 'srv', srvName: '_ldap._tcp.dc._msdcs.contoso.test' });
    expect((discovery.evidence['targets'] as Array<{ host: string }>).map((t) => t.host)).toEqual([DC1, DC2]);
    for (const server of [DC1, DC2]) {
      for (const id of DC_CHECKS) {
        const f = find(report, id, server);
        expect.soft(f.status, `${id} on ${server}: ${f.message}`).toBe('pass');
      }
    }
    for (const id of SCP_CHECKS) expect.soft(find(report, id).status, id).toBe('pass');
    const replication = find(report, 'scp-replication');
    expect(replication.status, replication.message).toBe('pass');
    expect(replication.message).toContain('All 2 DCs');
    expect(Object.keys(replication.evidence['views'] as object).sort()).toEqual([DC1, DC2]);
    expect(code).toBe(0);
    expect(report.summary.ready).toBe(true);
  });

  it('each DC has its own Samba CA: the forest caFile bundles both, one CA alone fails host verification for the other DC', async () => {
    await setScp(contoso, GOOD());
    const { report } = await audit(contoso.dcCaFile);
    expect(find(report, 'dc-tls', DC1).status).toBe('pass');
    const f = find(report, 'dc-tls', DC2);
    expect(f.status, f.message).toBe('error');
    expect(f.message).toMatch(/not issued by a CA this host trusts/);
  });

  it('SCP only on dc1 → scp-replication fails with 0x801c001d naming dc2 as missing it', async () => {
    await setScp(contoso, GOOD());
    await deleteScp(contoso, { dc: 'dc2' });
    const { report, code } = await audit();
    const f = find(report, 'scp-replication');
    expect(f).toMatchObject({ status: 'fail', forest: 'contoso.test', codes: ['0x801c001d'] });
    expect(f.message).toContain(`missing on ${DC2}`);
    expect(f.message).not.toContain(`missing on ${DC1}`);
    expect(f.evidence['views']).toEqual({ [DC1]: expect.arrayContaining(GOOD()), [DC2]: null });
    // The per-forest checks judge the first DC that answered (dc1), which holds a good SCP.
    expect(find(report, 'scp-present').status).toBe('pass');
    expect(find(report, 'scp-present').server).toBe(DC1);
    expect(code).toBe(1);
  });

  it('different keywords on dc1 and dc2 → scp-replication fails showing both views', async () => {
    await setScp(contoso, GOOD(), { dc: 'dc1' });
    await setScp(contoso, GOOD(OTHER_TENANT), { dc: 'dc2' });
    const { report } = await audit();
    const f = find(report, 'scp-replication');
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    expect(f.message).toContain('disagree');
    expect(f.message).not.toContain('missing on');
    const views = f.evidence['views'] as Record<string, string[]>;
    expect(Object.keys(views).sort()).toEqual([DC1, DC2]);
    expect(views[DC1]).toEqual(expect.arrayContaining([`azureADId:${TENANT}`]));
    expect(views[DC2]).toEqual(expect.arrayContaining([`azureADId:${OTHER_TENANT}`]));
  });

  it('dc2 stopped → dc-reachable fails for dc2, the SCP is still read from dc1, scp-replication skips', async () => {
    await setScp(contoso, GOOD());
    await stopForestDc(contoso, 'dc2');
    try {
      expect(isDcRunning(contoso, 'dc2')).toBe(false);
      expect(isDcRunning(contoso)).toBe(true);
      const { report } = await audit();
      expect((find(report, 'dc-discovery').evidence['targets'] as Array<{ host: string }>).map((t) => t.host)).toEqual([DC1, DC2]);
      expect(find(report, 'dc-reachable', DC2)).toMatchObject({ status: 'fail', forest: 'contoso.test' });
      expect(find(report, 'dc-reachable', DC2).message).toMatch(/connection refused/);
      expect(find(report, 'dc-reachable', DC1).status).toBe('pass');
      for (const id of SCP_CHECKS) {
        const f = find(report, id);
        expect.soft(f.status, `${id}: ${f.message}`).toBe('pass');
        expect.soft(f.server).toBe(DC1);
      }
      const replication = find(report, 'scp-replication');
      expect(replication.status).toBe('skip');
      expect(replication.message).toMatch(/^Only 1 DC answered/);
      expect(replication.message).toContain('1 DC(s) could not be read');
    } finally {
      await startForestDc(contoso, 'dc2');
    }
    expect(isDcRunning(contoso, 'dc2')).toBe(true);
  }, 120_000);
});
