import { classifyTransport, codesFor, CODE, predict } from '../derived/network/classify.js';
import { leafIssuer } from '../derived/network/tls.js';
import { describeRoute, probeEvidence, REMEDY, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const tlsVerify: Check<'network'> = {
  meta: {
    id: 'tls-verify',
    title: 'Endpoint certificate is trusted',
    description: 'Verifies the TLS certificate of every endpoint (chain and host name) against Node\'s CA bundle plus network.caFile and NODE_EXTRA_CA_CERTS.',
    severity: 'critical',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.SECURE_FAILURE],
  },
  run({ network: net }) {
    return systemViews(net, 'endpoint').map((v): CheckResult => {
      const t = classifyTransport(v.probe);
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), chain: v.probe.tls?.chain ?? [] } };
      if (t.kind === 'tls-verify' || t.kind === 'tls-handshake') {
        const p = predict(codesFor(v.request, v.cloud, t.sub));
        const issuer = v.probe.tls ? ` (certificate issued by ${leafIssuer(v.probe.tls.chain)})` : '';
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `TLS to ${v.request.host} fails ${describeRoute(v)}: ${t.detail}${issuer}. A device would report ${p.text}.`, codes: p.codes, remedy: REMEDY[t.kind] as string };
      }
      if (v.probe.tls?.authorized) {
        return { ...base, status: 'pass', message: `${v.probe.tls.protocol ?? 'TLS'} with a trusted certificate issued by ${leafIssuer(v.probe.tls.chain)}.` };
      }
      return { ...base, status: 'skip', message: `TLS not reached: ${t.detail}; see endpoint-reachable.` };
    });
  },
};
