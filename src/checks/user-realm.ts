import { classifyResponse, classifyTransport, codesFor, CODE, predict } from '../derived/network/classify.js';
import { realmType } from '../derived/network/tenants.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';
import { machineAuthWarning } from './network-results.js';

export const userRealm: Check<'network'> = {
  meta: {
    id: 'user-realm',
    title: 'Tenant domain is known to Entra (user realm)',
    description: 'Looks the tenant name up at the user-realm endpoint, as realm discovery does since Windows 10 1809: Managed or Federated pass, Unknown means the domain is not verified in the tenant.',
    severity: 'high',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.TENANT_NOT_FOUND, CODE.USERREALM_DISCOVERY_FAILED, CODE.INVALIDDATA, CODE.NAME_NOT_RESOLVED, CODE.CANNOT_CONNECT, CODE.TIMEOUT, CODE.CONNECTION_ABORTED, CODE.SECURE_FAILURE, CODE.PROXY_AUTH_REQ],
  },
  run({ network: net }) {
    const views = systemViews(net, 'user-realm');
    if (views.length === 0) return [{ status: 'skip', message: 'No tenant name to look up (set tenant.name, or read the SCP with `check`).' }];
    return views.map((v): CheckResult => {
      const realm = realmType(v.probe.response?.json);
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), tenantName: v.request.tenantName, realm } };
      const t = classifyTransport(v.probe);
      if (t.kind !== 'ok') {
        const p = predict(codesFor(v.request, v.cloud, t.sub));
        if (t.kind === 'proxy-auth-machine') return { ...machineAuthWarning(v, t.detail, p, `User realm lookup for ${v.request.tenantName}`), evidence: { ...base.evidence, ...p.evidence } };
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `User realm lookup for ${v.request.tenantName} fails ${describeRoute(v)}: ${t.detail}. A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY[t.kind] ?? (REMEDY['other'] as string) };
      }
      const r = classifyResponse(v.request, v.probe);
      if (r.kind === 'html' || r.kind === 'not-json') {
        const p = predict(codesFor(v.request, v.cloud, r.sub));
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `User realm lookup for ${v.request.tenantName}: ${r.detail}. A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY['html'] as string };
      }
      if (r.kind === 'html-error') {
        const p = predict(codesFor(v.request, v.cloud, undefined));
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `User realm lookup for ${v.request.tenantName}: ${r.detail}. A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY['html-error'] as string };
      }
      if (realm.type === 'Managed' || realm.type === 'Federated') {
        const fed = realm.type === 'Federated' ? ` (${realm.federationProtocol ?? 'federation'}; the device needs the on-premises STS windowstransport endpoint)` : '';
        return { ...base, status: 'pass', message: `${v.request.tenantName} is ${realm.type}${fed}.` };
      }
      if (realm.type === 'Unknown') {
        // The name is not a verified domain of any tenant: DRS discovery of it fails before realm discovery runs.
        const p = predict([CODE.DISC_FAILED, CODE.TENANT_NOT_FOUND]);
        const evidence = { ...base.evidence, ...p.evidence, source: 'inferred', basis: `A name Entra does not know makes DRS discovery of that name fail first (tenant not found); ${CODE.USERREALM_DISCOVERY_FAILED} (user realm discovery failed) is not the documented outcome. Inferred.` };
        return { ...base, evidence, status: 'fail', message: `Entra does not know ${v.request.tenantName} (realm Unknown): the domain is not verified in the tenant. DRS discovery of this name would fail first: a device would report ${p.text}.`, codes: p.codes, remedy: 'Add and verify the domain in the tenant (Entra admin center → Custom domain names), or put a verified domain in azureADName.' };
      }
      return { ...base, status: 'warn', message: `The user realm answer for ${v.request.tenantName} names no account type (${r.detail}).`, remedy: REMEDY['other'] as string };
    });
  },
};
