import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { evaluate } from '../../../src/engine/run.js';
import { buildPlan, type RemediationPlan } from '../../../src/fix/plan.js';
import { planDaclFix, splitDacl } from '../../../src/fix/dacl.js';
import { judgeStoredDescriptor, RIGHTS } from '../../../src/derived/security-descriptor.js';
import type { Artifacts } from '../../../src/artifacts/types.js';
import { ace, sd } from '../../support/sd-build.js';
import { artifacts, dc, forest, READABLE_SD, scp, TENANT, OTHER_TENANT } from '../checks/build.js';

const CONFIG_NC = 'CN=Configuration,DC=contoso,DC=test';
const GOOD = [`azureADId:${TENANT}`, 'azureADName:contoso.com'];

function plan(a: Artifacts): RemediationPlan {
  return buildPlan(a, evaluate(a, CHECKS).findings);
}
const kinds = (p: RemediationPlan, i = 0) => p.forests[i]?.steps.map((s) => s.kind);

describe('fix plan', () => {
  it('a healthy forest has nothing to do', () => {
    const p = plan(artifacts([forest('contoso.test', [dc('dc1.contoso.test')])]));
    expect(p.forests[0]?.status).toBe('nothing-to-do');
    expect(p.forests[0]?.steps).toEqual([]);
  });

  it('no container: create the container, then the SCP with exactly the two keywords', () => {
    const d = dc('dc1.contoso.test', { container: { dn: `CN=Device Registration Configuration,CN=Services,${CONFIG_NC}`, exists: false }, services: { dn: `CN=Services,${CONFIG_NC}`, exists: true, securityDescriptor: READABLE_SD }, scp: null });
    const p = plan(artifacts([forest('contoso.test', [d])]));
    expect(kinds(p)).toEqual(['create-container', 'create-scp']);
    expect(p.forests[0]?.steps[1]?.keywords?.new).toEqual(GOOD);
    expect(p.forests[0]?.steps[0]?.fixes[0]).toMatchObject({ check: 'scp-container', status: 'fail' });
  });

  it('no SCP: create it', () => {
    const p = plan(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: null })])]));
    expect(kinds(p)).toEqual(['create-scp']);
  });

  it('bad keywords (lower-case prefix, two ids, wrong tenant) are replaced by exactly the two right ones', () => {
    for (const bad of [['azureadid:' + TENANT, 'azureADName:contoso.com'], [`azureADId:${TENANT}`, `azureADId:${OTHER_TENANT}`, 'azureADName:contoso.com'], [`azureADId:${OTHER_TENANT}`, 'azureADName:contoso.com']]) {
      const p = plan(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: scp(bad) })])]));
      expect(kinds(p), bad.join()).toEqual(['replace-keywords']);
      expect(p.forests[0]?.steps[0]?.keywords).toEqual({ old: bad, new: GOOD });
    }
  });

  it('same keywords in another order need nothing', () => {
    const p = plan(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: scp([...GOOD].reverse()) })])]));
    expect(p.forests[0]?.status).toBe('nothing-to-do');
  });

  it('a deny-read ACE is removed and the result lets computers read', () => {
    const denied = sd([ace(1, 0, 0x20094, 'S-1-5-11'), ace(0, 0, 0x20094, 'S-1-5-11'), ace(0, 0x10, 0xf01ff, 'S-1-5-18')]).toString('base64');
    const p = plan(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: scp(GOOD, { securityDescriptor: denied }) })])]));
    expect(kinds(p)).toEqual(['set-dacl']);
    const step = p.forests[0]?.steps[0];
    expect(step?.dacl?.removedAces).toEqual([{ type: 1, sid: 'S-1-5-11', mask: 0x20094 }]);
    expect(step?.dacl?.addedAces).toEqual([]);
    // The written DACL holds only the explicit entries left: the allow.
    const written = splitDacl(Buffer.from(step?.dacl?.write ?? '', 'base64'));
    expect(written.aces.map((a) => [a.type, a.sid])).toEqual([[0, 'S-1-5-11']]);
    expect(judgeStoredDescriptor(step?.dacl?.write ?? '', []).verdict).toBe('granted');
  });

  it('an inherited deny is overridden by an explicit grant (explicit entries come first)', () => {
    const inheritedDeny = sd([ace(1, 0x10, 0x20094, 'S-1-5-11')]);
    const fix = planDaclFix(inheritedDeny, [], RIGHTS.READ_PROPERTY);
    expect(fix?.removed).toEqual([]);
    expect(fix?.added.map((a) => a.sid)).toEqual(['S-1-5-11']);
    expect(fix?.verdictAfter.verdict).toBe('granted');
  });

  it('missing tenant blocks the keyword steps; an unreadable forest is blocked with the reason', () => {
    const noTenant = plan(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: null })])], null));
    expect(noTenant.forests[0]?.status).toBe('blocked');
    expect(noTenant.forests[0]?.blocked.join()).toMatch(/tenant\.id/);
    const dead = plan(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { failure: { stage: 'connect', code: 'ECONNREFUSED', message: 'refused' }, container: undefined, scp: undefined })])]));
    expect(dead.forests[0]?.status).toBe('blocked');
    expect(dead.forests[0]?.steps).toEqual([]);
    expect(dead.forests[0]?.blocked[0]).toMatch(/refused/);
  });

  it('a failing tenant-resolution finding for the name blocks writing it', () => {
    const a = artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: null })])]);
    const findings = [...evaluate(a, CHECKS).findings, { check: 'tenant-resolution', status: 'fail' as const, title: '', message: 'contoso.com is not a known tenant name', forest: null, server: null, proxy: 'direct', endpoint: null, codes: [], remedy: null, evidence: { tenantName: 'contoso.com' } }];
    const p = buildPlan(a, findings);
    expect(p.forests[0]?.status).toBe('blocked');
    expect(p.forests[0]?.blocked[0]).toMatch(/not a known tenant name/);
  });

  it('client-side SCP forest: registry values, and the AD keywords removed', () => {
    const f = { ...forest('contoso.test', [dc('dc1.contoso.test')]), clientSideScp: { regFile: 'cdj.reg', bytes: 10, text: 'nothing', truncated: false } };
    const p = plan(artifacts([f]));
    expect(kinds(p)).toEqual(['client-side-registry', 'replace-keywords']);
    expect(p.forests[0]?.clientSide).toEqual({ tenantId: TENANT, tenantName: 'contoso.com' });
    expect(p.forests[0]?.steps[1]?.keywords?.new).toEqual([]);
  });
});
