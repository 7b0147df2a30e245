/** `check` runs both halves: the SCP read from the Samba lab names the domain the network probes look up. */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { deleteScpContainer, getForest, setScp } from '../lab/index.js';
import { discoverUrl, findings, labConfig, runCli } from './network-helpers.js';

const lab = inject('networkLab');
const contoso = getForest('contoso');

describe('check: directory and network together', () => {
  afterAll(async () => {
    await deleteScpContainer(contoso);
  });

  it('probes DRS discovery for the SCP domain and catches a domain that belongs to another tenant', async () => {
    // mismatch.lab.test is verified in another tenant than the SCP's azureADId (the lab's OpenID answer).
    await setScp(contoso, ['azureADName:mismatch.lab.test', `azureADId:${lab.tenantId}`]);
    const config = labConfig(lab, { proxies: ['direct'] }, {
      tenant: { id: lab.tenantId },
      forests: [{ name: contoso.name, dnsServers: [contoso.ip], caFile: contoso.caFile, bindDn: contoso.bindDn, passwordEnv: 'CONTOSO_PW', timeoutMs: 8000 }],
    });
    const r = await runCli('check', config, { CONTOSO_PW: contoso.password });
    expect(r.code, r.stderr).toBe(1);
    for (const id of ['scp-present', 'scp-keywords', 'scp-tenant-match']) expect(findings(r, id)[0]?.status, id).toBe('pass');
    const drs = findings(r, 'drs-discovery', { proxy: 'direct', endpoint: discoverUrl('mismatch.lab.test') });
    expect(drs).toHaveLength(1);
    const tenant = findings(r, 'tenant-resolution', { proxy: 'direct' }).filter((f) => f.status === 'fail');
    expect(tenant.length).toBeGreaterThan(0);
    expect(tenant[0]?.message).toContain(lab.otherTenantId);
    expect(findings(r, 'endpoint-reachable', { proxy: 'direct' }).every((f) => f.status === 'pass')).toBe(true);
  });
});
