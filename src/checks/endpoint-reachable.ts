import { classifyTransport, codesFor, CODE, predict } from '../derived/network/classify.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';
import { machineAuthWarning } from './network-results.js';

export const endpointReachable: Check<'network'> = {
  meta: {
    id: 'endpoint-reachable',
    title: 'Entra endpoint reachable in SYSTEM context',
    description: 'Makes an HTTPS request to every endpoint a device needs (DRS, login, device login, autologon with seamless SSO) along every proxy path, without proxy credentials, as the SYSTEM account would.',
    severity: 'critical',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.DISC_WAIT_TIMEOUT, CODE.USERREALM_DISCOVERY_FAILED, CODE.NAME_NOT_RESOLVED, CODE.CANNOT_CONNECT, CODE.TIMEOUT, CODE.CONNECTION_ABORTED, CODE.SECURE_FAILURE, CODE.PROXY_AUTH_REQ, CODE.BAD_AUTO_PROXY_SCRIPT, CODE.UNABLE_TO_DOWNLOAD_SCRIPT],
  },
  run({ network: net }) {
    return systemViews(net, 'endpoint').map((v): CheckResult => {
      const t = classifyTransport(v.probe);
      const base = { ...subjectOf(v), evidence: probeEvidence(v) };
      if (t.kind === 'ok') {
        return { ...base, status: 'pass', message: `${v.request.host} answered HTTP ${v.probe.response?.status} ${describeRoute(v)} in ${v.probe.timings.totalMs} ms.` };
      }
      if (t.kind === 'pac') {
        const cause = v.probe.failure?.code ?? '';
        if (cause === 'PAC_ROUTE') return { ...base, status: 'error', message: `Not probed: ${t.detail}.` };
        const sub = cause === 'PAC_EVAL' ? CODE.BAD_AUTO_PROXY_SCRIPT : CODE.UNABLE_TO_DOWNLOAD_SCRIPT;
        const p = predict(codesFor(v.request, v.cloud, sub));
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `No route to ${v.request.host}: ${t.detail}.`, codes: p.codes, remedy: REMEDY['pac'] as string };
      }
      const p = predict(codesFor(v.request, v.cloud, t.sub));
      if (t.kind === 'proxy-auth-machine') return machineAuthWarning(v, t.detail, p, `The request to ${v.request.host}`);
      return {
        ...base,
        evidence: { ...base.evidence, ...p.evidence },
        status: 'fail',
        message: `${v.request.host} is not reachable ${describeRoute(v)}: ${t.detail}.${p.codes.length ? ` A device would report ${p.text}.` : ''}`,
        codes: p.codes,
        remedy: REMEDY[t.kind] ?? (REMEDY['other'] as string),
      };
    });
  },
};
