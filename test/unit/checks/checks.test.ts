import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { checkGroup, type CheckResult } from '../../../src/checks/types.js';
import { runCheck } from '../../../src/engine/run.js';
import { ace, sd } from '../../support/sd-build.js';
import { artifacts, dc, forest, OTHER_TENANT, scp, TENANT } from './build.js';

/** A check as the engine runs it (missing sections become `error`). */
function check(id: string): { run: (a: ReturnType<typeof artifacts>) => CheckResult[] } {
  const c = CHECKS.find((x) => x.meta.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return { run: (a) => runCheck(c, a) };
}
const statuses = (id: string, a: ReturnType<typeof artifacts>) => check(id).run(a).map((r) => r.status);

describe('directory checks on synthetic artifacts', () => {
  const healthy = artifacts([forest('contoso.test', [dc('dc1.contoso.test'), dc('dc2.contoso.test')])]);

  it('all pass on a healthy forest (consistency skips with one forest)', () => {
    for (const c of CHECKS.filter((x) => checkGroup(x.meta) === 'directory')) {
      const results = runCheck(c, healthy);
      for (const r of results) expect.soft(r.status, `${c.meta.id}: ${r.message}`).toMatch(['scp-tenant-consistent', 'scp-client-side', 'computer-sync-readiness'].includes(c.meta.id) ? 'skip' : 'pass');
    }
  });

  it('scp-present fails with 0x801c001d/0x80070002 when the SCP is gone', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: null })])]);
    const [r] = check('scp-present').run(a);
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c001d', '0x80070002'], forest: 'contoso.test', server: 'dc1.contoso.test' });
    expect(statuses('scp-keywords', a)).toEqual(['skip']);
  });

  it('scp-container fails when the container is missing', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1.contoso.test', { container: { dn: 'x', exists: false }, scp: null })])]);
    expect(check('scp-container').run(a)[0]).toMatchObject({ status: 'fail', codes: ['0x801c001d', '0x80070002'] });
  });

  it('scp-keywords fails on a lower-case prefix and warns on unknown extras', () => {
    const bad = artifacts([forest('contoso.test', [dc('dc1', { scp: scp([`azureadid:${TENANT}`, 'azureADName:contoso.com']) })])]);
    expect(check('scp-keywords').run(bad)[0]).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    const extra = artifacts([forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${TENANT}`, 'azureADName:contoso.com', 'note:x']) })])]);
    expect(statuses('scp-keywords', extra)).toEqual(['warn']);
  });

  it('scp-tenant-match fails on another tenant and skips without a configured tenant', () => {
    const other = artifacts([forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${OTHER_TENANT}`, 'azureADName:contoso.com']) })])]);
    expect(check('scp-tenant-match').run(other)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x801c003a'] });
    expect(statuses('scp-tenant-match', artifacts(other.forests, null))).toEqual(['skip']);
  });

  it('scp-tenant-consistent fails when two forests name different tenants', () => {
    const a = artifacts(
      [forest('contoso.test', [dc('dc1.contoso.test')]), forest('fabrikam.test', [dc('dc1.fabrikam.test', { scp: scp([`azureADId:${OTHER_TENANT}`, 'azureADName:fabrikam.com']) })])],
      undefined,
    );
    const [r] = check('scp-tenant-consistent').run(a);
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('fabrikam.test');
  });

  it('scp-replication fails when one DC lacks the SCP', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1'), dc('dc2', { scp: null })])]);
    const [r] = check('scp-replication').run(a);
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    expect(r?.message).toContain('dc2');
  });

  it('DC failures land on the right check with the right status', () => {
    const refused = dc('dead', { failure: { stage: 'connect', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, tlsSession: undefined, rootDse: undefined, container: undefined, scp: undefined });
    const untrusted = dc('tls', { failure: { stage: 'tls', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'x' }, tlsSession: undefined, rootDse: undefined, container: undefined, scp: undefined });
    const badPassword = dc('pw', { failure: { stage: 'bind', code: 'invalidCredentials', message: 'x' }, rootDse: undefined, container: undefined, scp: undefined });
    const a = artifacts([forest('contoso.test', [refused, untrusted, badPassword])]);
    expect(statuses('dc-reachable', a)).toEqual(['fail', 'pass', 'pass']);
    expect(statuses('dc-tls', a)).toEqual(['skip', 'error', 'pass']);
    expect(statuses('dc-bind', a)).toEqual(['skip', 'skip', 'error']);
    // no DC answered: per-forest SCP checks cannot observe
    expect(check('scp-present').run(a)[0]).toMatchObject({ status: 'error', forest: 'contoso.test' });
  });

  it('dc-clock-skew warns and fails by threshold', () => {
    const at = (t: string) => artifacts([forest('contoso.test', [dc('dc1', { rootDse: { configurationNamingContext: 'CN=Configuration,DC=contoso,DC=test', currentTime: t } })])]);
    expect(statuses('dc-clock-skew', at('2026-11-25T08:02:00.000Z'))).toEqual(['warn']);
    expect(check('dc-clock-skew').run(at('2026-11-25T07:50:00.000Z'))[0]).toMatchObject({ status: 'fail', codes: ['0xcaa82f8f'] });
  });

  it('dc-discovery fails when the SRV lookup fails and names the cause', () => {
    const a = artifacts([{ name: 'contoso.test', tls: 'ldaps', discovery: { ok: false, failure: { stage: 'dns', code: 'ENOTFOUND', message: 'queryNxdomain' } }, dcs: [] }]);
    const [r] = check('dc-discovery').run(a);
    expect(r).toMatchObject({ status: 'fail', forest: 'contoso.test' });
    expect(r?.message).toContain('AD Connectivity Test');
    expect(check('scp-present').run(a)[0]?.status).toBe('error');
  });

  it('scp-read-access fails on a deny for Authenticated Users and errors without a descriptor', () => {
    const denied = sd([ace(1, 0, 0x10, 'S-1-5-11'), ace(0, 0x10, 0x20094, 'S-1-5-11')]).toString('base64');
    const a = artifacts([forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${TENANT}`, 'azureADName:contoso.com'], { securityDescriptor: denied }) })])]);
    expect(check('scp-read-access').run(a)[0]).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    const noSd = artifacts([forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${TENANT}`], { securityDescriptor: undefined, securityDescriptorError: 'no READ_CONTROL' }) })])]);
    expect(check('scp-read-access').run(noSd)[0]?.status).toBe('error');
  });
});
