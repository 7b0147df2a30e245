import { CODE } from '../derived/network/classify.js';
import { httpSkewSeconds, skewPrediction } from '../derived/network/clock.js';
import { realmType } from '../derived/network/tenants.js';
import type { NetworkArtifact } from '../artifacts/network.js';
import { describeRoute, probeEvidence, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

/** True unless every user-realm answer says Managed (then no federated auth phase runs). */
function mayBeFederated(net: NetworkArtifact): boolean {
  const types = systemViews(net, 'user-realm').map((v) => realmType(v.probe.response?.json).type);
  return !(types.length > 0 && types.every((t) => t === 'Managed'));
}

export const clockSkewHttp: Check<'network'> = {
  meta: {
    id: 'clock-skew-http',
    title: 'Host clock agrees with the Entra servers',
    description: 'Compares the Date header of each endpoint response with this host\'s clock. Minutes of skew break Kerberos and token lifetimes (federated auth phase: ERROR_ADAL_INTERNET_SECURE_FAILURE); only hours or days of skew make certificates look invalid.',
    severity: 'medium',
    needs: ['network'],
    codes: [CODE.ADAL_SECURE_FAILURE, CODE.DISC_FAILED, CODE.SECURE_FAILURE],
  },
  run(artifacts) {
    const net = artifacts.network;
    const { clockSkewWarnSeconds: warn, clockSkewFailSeconds: fail } = artifacts.settings;
    const federated = mayBeFederated(net);
    return systemViews(net, 'endpoint').map((v): CheckResult => {
      const skew = httpSkewSeconds(v.probe.response?.date, v.probe.headersAt);
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), skewSeconds: skew, headersAt: v.probe.headersAt } };
      if (skew === undefined) return { ...base, status: 'skip', message: 'No server Date header observed.' };
      const abs = Math.abs(skew);
      const text = `${v.request.host} ${describeRoute(v)} reports a time ${abs} s ${skew >= 0 ? 'ahead of' : 'behind'} this host`;
      if (abs >= fail) {
        const p = skewPrediction(abs, federated);
        return { ...base, evidence: { ...base.evidence, ...p.evidence }, status: 'fail', codes: p.codes, message: `${text} (limit ${fail} s). A device with this clock would see ${p.text}.`, remedy: 'Synchronise the host clock (w32tm / NTP from the domain hierarchy); if only one proxy path shows the skew, that proxy rewrites Date.' };
      }
      if (abs >= warn) return { ...base, status: 'warn', message: `${text} (warning at ${warn} s).`, remedy: 'Synchronise the host clock.' };
      return { ...base, status: 'pass', message: abs === 0 ? `Clock agrees with ${v.request.host}.` : `${text}, within ${warn} s.` };
    });
  },
};
