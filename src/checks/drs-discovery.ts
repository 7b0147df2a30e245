import { alternativesFor, classifyResponse, classifyTransport, codesFor, CODE, predict } from '../derived/network/classify.js';
import { describeRoute, probeEvidence, probeViews, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';
import { machineAuthWarning } from './network-results.js';
import { probeFailureEvidence } from '../derived/failure-evidence.js';

/** "DRS Discovery Test : FAIL [top/sub]", plus the other form dsregcmd may print for the same failure. */
function failText(codes: readonly string[]): string {
  const alt = alternativesFor(codes).map((c) => `Client ErrorCode ${c.join('/')}`);
  return `DRS Discovery Test : FAIL [${codes.join('/')}]${alt.length ? ` (or ${alt.join(' or ')})` : ''}`;
}

function hasServiceSection(json: unknown): boolean {
  return typeof json === 'object' && json !== null && ('DeviceRegistrationService' in json || 'DeviceJoinService' in json);
}

export const drsDiscovery: Check<'network'> = {
  meta: {
    id: 'drs-discovery',
    title: 'DRS discovery answers for the tenant',
    description: 'Requests /<tenant name>/discover?api-version=1.7 with the ocp-adrs-* headers, as dsregcmd does in the discover phase, on every proxy path, and reads the answer.',
    severity: 'critical',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.DISC_WAIT_TIMEOUT, CODE.SERVER_BUSY, CODE.TENANT_NOT_FOUND, CODE.INVALIDDATA, CODE.NAME_NOT_RESOLVED, CODE.CANNOT_CONNECT, CODE.TIMEOUT, CODE.CONNECTION_ABORTED, CODE.SECURE_FAILURE, CODE.PROXY_AUTH_REQ],
  },
  run({ network: net }) {
    const views = systemViews(net, 'drs-discover');
    if (views.length === 0) return [{ status: 'skip', message: 'No tenant name to discover (set tenant.name, or read the SCP with `check`).' }];
    const all = probeViews(net);
    return views.map((v): CheckResult => {
      const contract = all.find((c) => c.path.id === v.path.id && c.request.role === 'drs-contract' && c.request.tenantName === v.request.tenantName);
      const evidence = { ...probeEvidence(v), tenantName: v.request.tenantName, bodyExcerpt: v.probe.response?.bodyExcerpt.slice(0, 512), contract: contract ? { status: contract.probe.response?.status, contentType: contract.probe.response?.contentType, failure: contract.probe.failure && probeFailureEvidence(contract.probe.failure) } : undefined };
      const base = { ...subjectOf(v), evidence };
      const t = classifyTransport(v.probe);
      if (t.kind !== 'ok') {
        const p = predict(codesFor(v.request, v.cloud, t.sub));
        if (t.kind === 'proxy-auth-machine') return { ...machineAuthWarning(v, t.detail, p, `DRS discovery for ${v.request.tenantName}`), evidence: { ...base.evidence, ...p.evidence } };
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `DRS discovery for ${v.request.tenantName} fails ${describeRoute(v)}: ${t.detail}. A device would report ${failText(p.codes)}.`, codes: p.codes, remedy: REMEDY[t.kind] ?? (REMEDY['other'] as string) };
      }
      const r = classifyResponse(v.request, v.probe);
      if (r.kind === 'json') {
        if (hasServiceSection(v.probe.response?.json)) return { ...base, status: 'pass', message: `DRS discovery for ${v.request.tenantName} answers HTTP ${v.probe.response?.status} with the registration service metadata (${describeRoute(v)}).` };
        return { ...base, status: 'warn', message: `DRS discovery for ${v.request.tenantName} answers JSON without DeviceRegistrationService/DeviceJoinService (${describeRoute(v)}).`, remedy: REMEDY['other'] as string };
      }
      const p = predict(codesFor(v.request, v.cloud, r.sub));
      const remedy = REMEDY[r.kind === 'not-json' ? 'html' : r.kind] ?? 'Check the tenant name and what answers on this path.';
      const found = { ...base.evidence, ...p.evidence, ...(r.sub ? {} : { basis: `An HTTP ${v.probe.response?.status} answer: Microsoft documents no sub-code for it, so only the top-level code is predicted.` }) };
      return { ...base, evidence: found, status: 'fail', message: `DRS discovery for ${v.request.tenantName}: ${r.detail} (${describeRoute(v)}). A device would report ${failText(p.codes)}.`, codes: p.codes, remedy };
    });
  },
};
