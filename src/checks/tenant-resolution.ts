import { classifyResponse, classifyTransport, CODE } from '../derived/network/classify.js';
import { tenantIdFromIssuer } from '../derived/network/tenants.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const tenantResolution: Check<'network'> = {
  meta: {
    id: 'tenant-resolution',
    title: 'Tenant name resolves to the SCP tenant id',
    description: 'Reads the OpenID configuration of each tenant name (SCP azureADName / tenant.name); the issuer carries the tenant id, which must equal the SCP azureADId (or tenant.id).',
    group: 'network',
    severity: 'critical',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.TENANT_NOT_FOUND],
  },
  run(artifacts) {
    const net = artifacts.network;
    const views = systemViews(net, 'openid');
    if (views.length === 0) return [{ status: 'skip', message: 'No tenant name to resolve (set tenant.name, or read the SCP with `check`).' }];
    return views.map((v): CheckResult => {
      const target = net.tenants.find((t) => t.name === v.request.tenantName);
      const json = v.probe.response?.json as Record<string, unknown> | undefined;
      const issuer = json?.['issuer'];
      const tid = tenantIdFromIssuer(issuer);
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), tenantName: v.request.tenantName, issuer, resolvedId: tid, expectedId: target?.expectedId, expectedFrom: target?.source } };
      const t = classifyTransport(v.probe);
      if (t.kind !== 'ok') return { ...base, status: 'skip', message: `Not resolved on this path: ${t.detail}; see endpoint-reachable.` };
      const r = classifyResponse(v.request, v.probe);
      if (r.kind === 'tenant-not-found') {
        const codes = [CODE.DISC_FAILED, CODE.TENANT_NOT_FOUND];
        return { ...base, status: 'fail', message: `${v.request.tenantName} is not a known tenant name (${r.detail}). A device would report ${codes.join('/')}.`, codes, remedy: REMEDY['tenant-not-found'] as string };
      }
      if (!tid) return { ...base, status: 'skip', message: `No issuer in the answer (${r.detail}, ${describeRoute(v)}); see proxy-html-response.` };
      if (!target?.expectedId) return { ...base, status: 'pass', message: `${v.request.tenantName} belongs to tenant ${tid} (no tenant id configured to compare).` };
      if (target.expectedId !== tid) {
        return {
          ...base,
          status: 'fail',
          message: `${v.request.tenantName} belongs to tenant ${tid}, but ${target.source === 'config' ? 'tenant.id' : `the SCP of ${target.source.slice(4)}`} says ${target.expectedId}: azureADName and azureADId point to different tenants.`,
          remedy: 'Put the tenant id and a verified domain of the same tenant in the SCP keywords (Entra Connect → Configure device options).',
        };
      }
      return { ...base, status: 'pass', message: `${v.request.tenantName} belongs to tenant ${tid}, as expected.` };
    });
  },
};
