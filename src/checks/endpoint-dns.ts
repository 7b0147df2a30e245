import { classifyTransport, codesFor, CODE, predict } from '../derived/network/classify.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const endpointDns: Check<'network'> = {
  meta: {
    id: 'endpoint-dns',
    title: 'Endpoint names resolve',
    description: 'Checks that every Entra endpoint name resolves: through the configured DNS servers on the direct path, and at the proxy on proxy paths.',
    severity: 'critical',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.NAME_NOT_RESOLVED],
  },
  run({ network: net }) {
    return systemViews(net, 'endpoint').map((v): CheckResult => {
      const t = classifyTransport(v.probe);
      const base = { ...subjectOf(v), evidence: probeEvidence(v) };
      if (t.kind === 'dns' && v.probe.route !== 'direct' && v.probe.failure?.stage === 'dns') {
        // The proxy's own name did not resolve: the endpoint name was never looked up (endpoint-reachable reports it).
        return { ...base, status: 'skip', message: `Name resolution not observed: the proxy ${v.probe.route} itself could not be resolved (${t.detail}); see endpoint-reachable.` };
      }
      if (t.kind === 'dns') {
        const p = predict(codesFor(v.request, v.cloud, t.sub));
        const who = v.probe.route === 'direct' ? `DNS${v.probe.dns?.servers ? ` (${v.probe.dns.servers.join(', ')})` : ''}` : `the proxy ${v.probe.route}`;
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `${who} cannot resolve ${v.request.host}: ${t.detail}. A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY['dns'] as string };
      }
      if (v.probe.route === 'direct' && v.probe.dns) {
        return { ...base, status: 'pass', message: `${v.request.host} resolves to ${v.probe.dns.addresses.join(', ')}.` };
      }
      if (v.probe.route !== 'direct' && v.probe.proxyResponse && v.probe.proxyResponse.status >= 200 && v.probe.proxyResponse.status < 300) {
        return { ...base, status: 'pass', message: `The proxy resolved ${v.request.host} and connected (${describeRoute(v)}).` };
      }
      return { ...base, status: 'skip', message: `Name resolution not observed: the request stopped earlier (${t.detail}); see endpoint-reachable.` };
    });
  },
};
