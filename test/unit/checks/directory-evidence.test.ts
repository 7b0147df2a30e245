import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { checkGroup, type CheckResult } from '../../../src/checks/types.js';
import { runCheck } from '../../../src/engine/run.js';
import type { ForestArtifact } from '../../../src/artifacts/types.js';
import { ace, sd } from '../../support/sd-build.js';
import { regText } from '../../support/reg-build.js';
import { artifacts, dc, forest, OTHER_TENANT, scp, TENANT } from './build.js';

/** A check as the engine runs it (missing sections become `error`). */
function check(id: string): { run: (a: ReturnType<typeof artifacts>) => CheckResult[] } {
  const c = CHECKS.find((x) => x.meta.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return { run: (a) => runCheck(c, a) };
}
const one = (id: string, a: ReturnType<typeof artifacts>) => check(id).run(a)[0];
const AU = 'S-1-5-11';
const ROOT = 'S-1-5-21-10-20-30';
const CHILD = 'S-1-5-21-40-50-60';
const CONTAINER_DN = 'CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=test';
const b64 = (b: Buffer) => b.toString('base64');

function declared(f: ForestArtifact, values: Record<string, string> = { TenantId: TENANT, TenantName: 'contoso.com' }): ForestArtifact {
  const text = regText(values);
  return { ...f, clientSideScp: { regFile: 'cdj-aad.reg', bytes: text.length * 2, text, truncated: false } };
}

describe('client-side SCP (targeted rollout)', () => {
  it('no AD SCP and good registry values: no fail anywhere, no 0x801c001d', () => {
    const a = artifacts([declared(forest('contoso.test', [dc('dc1', { scp: null, container: { dn: CONTAINER_DN, exists: false } })]))]);
    for (const c of CHECKS.filter((x) => checkGroup(x.meta) === 'directory')) for (const r of runCheck(c, a)) expect.soft(r.status, `${c.meta.id}: ${r.message}`).not.toMatch(/fail|error/);
    expect(one('scp-present', a)).toMatchObject({ status: 'pass' });
    expect(one('scp-client-side', a)).toMatchObject({ status: 'pass' });
    expect(one('scp-client-side', a)?.message).toContain(TENANT);
  });

  it('an AD SCP without keywords is right; with keywords it warns naming their tenant', () => {
    const empty = artifacts([declared(forest('contoso.test', [dc('dc1', { scp: scp([]) })]))]);
    expect(one('scp-keywords', empty)?.status).toBe('pass');
    const left = artifacts([declared(forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${OTHER_TENANT}`, 'azureADName:fabrikam.com']) })]))]);
    const r = one('scp-keywords', left);
    expect(r?.status).toBe('warn');
    expect(r?.message).toContain(OTHER_TENANT);
    expect(r?.message).toMatch(/devices without the registry values/);
    expect(one('scp-tenant-match', left)?.status).toBe('warn');
  });

  it('registry TenantId of another tenant fails naming TenantId; TenantName differing warns', () => {
    const wrong = artifacts([declared(forest('contoso.test', [dc('dc1', { scp: null })]), { TenantId: OTHER_TENANT, TenantName: 'contoso.com' })]);
    const r = one('scp-client-side', wrong);
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x801c003a'] });
    expect(r?.message).toContain('TenantId');
    const name = artifacts([declared(forest('contoso.test', [dc('dc1', { scp: null })]), { TenantId: TENANT, TenantName: 'fabrikam.com' })]);
    expect(one('scp-client-side', name)?.status).toBe('warn');
  });

  it('unusable registry values fail with 0x801c001d marked inferred', () => {
    const a = artifacts([declared(forest('contoso.test', [dc('dc1', { scp: null })]), { TenantId: 'nope', TenantName: 'contoso.com' })]);
    const r = one('scp-client-side', a);
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    expect(r?.evidence).toMatchObject({ codeSource: 'inferred' });
    expect(r?.message).toContain('not a GUID');
  });

  it('one forest with the AD SCP on one tenant and the registry on another: scp-tenant-consistent does not fail and says why', () => {
    const a = artifacts([declared(forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${OTHER_TENANT}`, 'azureADName:fabrikam.com']) })]))]);
    const [r] = check('scp-tenant-consistent').run(a);
    expect(r?.status).not.toBe('fail');
    expect(r?.message).toMatch(/two tenants.*accepted because its client-side SCP is declared/);
  });

  it('across forests the declared forest counts with its registry tenant', () => {
    const a = artifacts([
      declared(forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${OTHER_TENANT}`, 'azureADName:x.com']) })])),
      forest('fabrikam.test', [dc('dc1.fabrikam.test')]),
    ]);
    const [r] = check('scp-tenant-consistent').run(a);
    expect(r?.status).toBe('pass');
    expect(r?.evidence?.['tenants']).toEqual({ 'contoso.test': TENANT, 'fabrikam.test': TENANT });
  });

  it('without the declaration nothing changes: a missing SCP fails', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1', { scp: null })])]);
    expect(one('scp-present', a)?.status).toBe('fail');
    expect(one('scp-client-side', a)?.status).toBe('skip');
  });
});

describe('invisible is not absent', () => {
  const listDeny = (who: string) => b64(sd([ace(1, 0, 0x4, who), ace(0, 0, 0x20094, AU)]));

  it('SCP not found under a container denying list to Authenticated Users: scp-present errors naming the account and ACE; scp-read-access fails', () => {
    const f = { ...forest('contoso.test', [dc('dc1', { scp: null, container: { dn: CONTAINER_DN, exists: true, securityDescriptor: listDeny(AU) } })]), bindDn: 'svc-audit@contoso.test' };
    const a = artifacts([f]);
    const r = one('scp-present', a);
    expect(r?.status).toBe('error');
    expect(r?.message).toContain('may exist and not be visible to svc-audit@contoso.test');
    expect(r?.message).toContain(CONTAINER_DN);
    expect(r?.message).toContain('DENY Authenticated Users mask 0x4');
    expect(r?.codes ?? []).toEqual([]);
    expect(one('scp-read-access', a)).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
  });

  it('a deny for another group: error too, saying the account may belong to it; devices are not affected', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1', { scp: null, container: { dn: CONTAINER_DN, exists: true, securityDescriptor: listDeny('S-1-5-21-9-9-9-1234') } })])]);
    expect(one('scp-present', a)?.message).toMatch(/principals the anonymous bind may belong to/);
    expect(one('scp-read-access', a)?.status).toBe('skip');
  });

  it('a container whose descriptor the account could not read: error (missing read rights), not "create it"', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1', { scp: null, container: { dn: CONTAINER_DN, exists: true, securityDescriptorError: 'the server did not return nTSecurityDescriptor' } })])]);
    expect(one('scp-present', a)).toMatchObject({ status: 'error' });
  });

  it('a container not found under a CN=Services that denies list: scp-container errors', () => {
    const services = { dn: 'CN=Services,CN=Configuration,DC=contoso,DC=test', exists: true, securityDescriptor: listDeny('S-1-1-0') };
    const a = artifacts([forest('contoso.test', [dc('dc1', { scp: null, container: { dn: CONTAINER_DN, exists: false }, services })])]);
    expect(one('scp-container', a)?.status).toBe('error');
    expect(one('scp-container', a)?.message).toContain('DENY Everyone');
  });

  it('a readable container without denies: the missing SCP still fails', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1', { scp: null, container: { dn: CONTAINER_DN, exists: true, securityDescriptor: b64(sd([ace(0, 0, 0x20094, AU)])) } })])]);
    expect(one('scp-present', a)?.status).toBe('fail');
  });
});

describe('Domain Computers per domain', () => {
  const domains = [
    { nc: 'DC=contoso,DC=test', dnsRoot: 'contoso.test', sid: ROOT },
    { nc: 'DC=child,DC=contoso,DC=test', dnsRoot: 'child.contoso.test', sid: CHILD },
  ];
  const withSd = (aces: Buffer[]) => artifacts([forest('contoso.test', [dc('dc1', { domainSid: ROOT, domains, scp: scp([`azureADId:${TENANT}`, 'azureADName:contoso.com'], { securityDescriptor: b64(sd(aces)) }) })])]);

  it('a deny for the child domain\'s Domain Computers fails naming the child domain only', () => {
    const r = one('scp-read-access', withSd([ace(1, 0, 0x10, `${CHILD}-515`), ace(0, 0, 0x20094, AU)]));
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c001d'] });
    expect(r?.message).toContain('Computers of child.contoso.test are denied');
    expect(r?.message).toContain('Domain Computers (child.contoso.test)');
  });

  it('read granted only to the root domain\'s Domain Computers leaves the child\'s computers without read', () => {
    const r = one('scp-read-access', withSd([ace(0, 0, 0x20094, `${ROOT}-515`)]));
    expect(r?.status).toBe('fail');
    expect(r?.message).toContain('child.contoso.test');
    expect(r?.message).not.toContain('Computers of contoso.test');
  });

  it('grants to every domain\'s Domain Computers pass for all domains', () => {
    const r = one('scp-read-access', withSd([ace(0, 0, 0x20094, `${ROOT}-515`), ace(0, 0, 0x20094, `${CHILD}-515`)]));
    expect(r?.status).toBe('pass');
    expect(r?.message).toContain('all 2 domains');
  });

  it('a deny for a Domain Computers SID of no domain of the forest is ignored', () => {
    expect(one('scp-read-access', withSd([ace(1, 0, 0x10, 'S-1-5-21-7-7-7-515'), ace(0, 0, 0x20094, AU)]))?.status).toBe('pass');
  });
});
