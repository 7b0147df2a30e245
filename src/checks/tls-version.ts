import { codesFor, CODE, predict } from '../derived/network/classify.js';
import { isBelowTls12 } from '../derived/network/tls.js';
import { describeRoute, probeEvidence, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const tlsVersion: Check<'network'> = {
  meta: {
    id: 'tls-version',
    title: 'TLS 1.2 or later',
    description: 'Device registration requires TLS 1.2; a proxy or middlebox that negotiates TLS 1.0/1.1 breaks it.',
    severity: 'high',
    needs: ['network'],
    codes: [CODE.DISC_FAILED, CODE.USERREALM_DISCOVERY_FAILED, CODE.SECURE_FAILURE],
  },
  run({ network: net }) {
    return systemViews(net, 'endpoint').map((v): CheckResult => {
      const protocol = v.probe.tls?.protocol;
      const base = { ...subjectOf(v), evidence: probeEvidence(v) };
      if (!protocol) return { ...base, status: 'skip', message: 'No TLS session observed; see endpoint-reachable.' };
      if (isBelowTls12(protocol)) {
        const p = predict(codesFor(v.request, v.cloud, CODE.SECURE_FAILURE));
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', message: `${v.request.host} negotiated ${protocol} ${describeRoute(v)}; registration needs TLS 1.2 or later. A device with TLS 1.0/1.1 disabled would report ${p.text}.`, codes: p.codes, remedy: 'Enable TLS 1.2 on the proxy or middlebox that terminates this connection (and on the client: SCHANNEL TLS 1.2 Client Enabled=1, DisabledByDefault=0).' };
      }
      return { ...base, status: 'pass', message: `${protocol} ${describeRoute(v)}.` };
    });
  },
};
