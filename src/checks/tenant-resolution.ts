import { classifyResponse, classifyTransport, CODE, predict } from '../derived/network/classify.js';
import { expectedTenant, tenantIdFromIssuer, type ExpectedTenant } from '../derived/network/tenants.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

/**
 * The name resolves to another tenant than the id. Discovery is keyed on azureADName, so a device passes it; the
 * sync join then carries the wrong id and DRS answers DirectoryError "AADSTS90002: Tenant … not found"
 * (0x801c03f2 at join, documented [S1]). That the device takes this path is inferred. Only an SCP id is what a
 * device uses; a mismatch with tenant.id in the config is a finding about the config, without a device code.
 */
function mismatch(base: { proxy: string; endpoint: string; evidence: Record<string, unknown> }, name: string, tid: string, expectedId: string, source: string): CheckResult {
  const fromScp = source.startsWith('scp:');
  const who = fromScp ? `the SCP of ${source.slice(4)}` : 'tenant.id';
  const message = `${name} belongs to tenant ${tid}, but ${who} says ${expectedId}: azureADName and azureADId point to different tenants.`;
  const remedy = 'Put the tenant id and a verified domain of the same tenant in the SCP keywords (Entra Connect → Configure device options).';
  if (!fromScp) return { ...base, status: 'fail', message, remedy };
  const evidence = {
    ...base.evidence,
    source: 'inferred',
    basis: 'Discovery uses azureADName, so it can pass; the join then sends azureADId, and Microsoft documents DirectoryError "AADSTS90002: Tenant not found" (0x801c03f2) for a wrong tenant id in the SCP. The path is inferred.',
    expectedServerMessage: `AADSTS90002: Tenant '${expectedId}' not found`,
    phase: 'join',
  };
  return { ...base, evidence, status: 'fail', codes: [CODE.DIRECTORY_FAILURE], message: `${message} Discovery can still pass; a device would then fail at join with ${CODE.DIRECTORY_FAILURE} (Server ErrorCode DirectoryError, AADSTS90002 tenant not found).`, remedy };
}

/** The name was probed for an SCP that this version reads differently: what to compare with is not known, so not a pass. */
function stalePlan(base: { proxy: string; endpoint: string; evidence: Record<string, unknown> }, name: string, tid: string, expected: Extract<ExpectedTenant, { known: false }>): CheckResult {
  const forest = expected.source.slice(4);
  const now = expected.nowNamed.length > 0 ? `now reads as naming ${expected.nowNamed.join(', ')}` : 'is not in the bundle';
  return {
    ...base,
    evidence: { ...base.evidence, expectedFrom: expected.source, nowNamed: expected.nowNamed },
    status: 'error',
    message: `${name} (tenant ${tid}) was probed because the SCP of ${forest} named it when the bundle was gathered, but that SCP ${now}; the tenant to compare with is unknown.`,
    remedy: 'Gather again (haadj-preflight check or gather --output) so that the tenant names the SCP gives today are probed.',
  };
}

export const tenantResolution: Check<'network', 'forests'> = {
  meta: {
    id: 'tenant-resolution',
    title: 'Tenant name resolves to the SCP tenant id',
    description: 'Reads the OpenID configuration of each tenant name (SCP azureADName / tenant.name); the issuer carries the tenant id, which must equal the SCP azureADId (or tenant.id).',
    severity: 'critical',
    needs: ['network'],
    reads: ['forests'],
    codes: [CODE.DISC_FAILED, CODE.TENANT_NOT_FOUND, CODE.DIRECTORY_FAILURE],
  },
  run(artifacts) {
    const net = artifacts.network;
    const views = systemViews(net, 'openid');
    if (views.length === 0) return [{ status: 'skip', message: 'No tenant name to resolve (set tenant.name, or read the SCP with `check`).' }];
    return views.map((v): CheckResult => {
      const probed = net.tenants.find((t) => t.name === v.request.tenantName);
      const expected = probed ? expectedTenant(probed, artifacts.forests ?? [], artifacts.settings.tenant) : undefined;
      const target = expected?.known ? { expectedId: expected.id, source: expected.source } : undefined;
      const json = v.probe.response?.json as Record<string, unknown> | undefined;
      const issuer = json?.['issuer'];
      const tid = tenantIdFromIssuer(issuer);
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), tenantName: v.request.tenantName, issuer, resolvedId: tid, expectedId: target?.expectedId, expectedFrom: target?.source } };
      const t = classifyTransport(v.probe);
      if (t.kind !== 'ok') return { ...base, status: 'skip', message: `Not resolved on this path: ${t.detail}; see endpoint-reachable.` };
      const r = classifyResponse(v.request, v.probe);
      if (r.kind === 'tenant-not-found') {
        const p = predict([CODE.DISC_FAILED, CODE.TENANT_NOT_FOUND]);
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `${v.request.tenantName} is not a known tenant name (${r.detail}). A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY['tenant-not-found'] as string };
      }
      if (!tid) return { ...base, status: 'skip', message: `No issuer in the answer (${r.detail}, ${describeRoute(v)}); see proxy-html-response.` };
      if (expected && !expected.known) return stalePlan(base, v.request.tenantName ?? '', tid, expected);
      if (!target?.expectedId) return { ...base, status: 'pass', message: `${v.request.tenantName} belongs to tenant ${tid} (no tenant id configured to compare).` };
      if (target.expectedId !== tid) return mismatch(base, v.request.tenantName ?? '', tid, target.expectedId, target.source);
      return { ...base, status: 'pass', message: `${v.request.tenantName} belongs to tenant ${tid}, as expected.` };
    });
  },
};
