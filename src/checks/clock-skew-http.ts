import { httpSkewSeconds } from '../derived/network/clock.js';
import { describeRoute, probeEvidence, subjectOf, systemViews } from '../derived/network/view.js';
import type { Check, CheckResult } from './types.js';

export const clockSkewHttp: Check<'network'> = {
  meta: {
    id: 'clock-skew-http',
    title: 'Host clock agrees with the Entra servers',
    description: 'Compares the Date header of each endpoint response with this host\'s clock; a large skew breaks certificate validity checks and token lifetimes.',
    group: 'network',
    severity: 'medium',
    needs: ['network'],
    codes: [],
  },
  run(artifacts) {
    const net = artifacts.network;
    const { clockSkewWarnSeconds: warn, clockSkewFailSeconds: fail } = artifacts.settings;
    return systemViews(net, 'endpoint').map((v): CheckResult => {
      const skew = httpSkewSeconds(v.probe.response?.date, v.probe.headersAt);
      const base = { ...subjectOf(v), evidence: { ...probeEvidence(v), skewSeconds: skew, headersAt: v.probe.headersAt } };
      if (skew === undefined) return { ...base, status: 'skip', message: 'No server Date header observed.' };
      const abs = Math.abs(skew);
      const text = `${v.request.host} ${describeRoute(v)} reports a time ${abs} s ${skew >= 0 ? 'ahead of' : 'behind'} this host`;
      if (abs >= fail) return { ...base, status: 'fail', message: `${text} (limit ${fail} s).`, remedy: 'Synchronise the host clock (w32tm / NTP from the domain hierarchy); if only one proxy path shows the skew, that proxy rewrites Date.' };
      if (abs >= warn) return { ...base, status: 'warn', message: `${text} (warning at ${warn} s).`, remedy: 'Synchronise the host clock.' };
      return { ...base, status: 'pass', message: abs === 0 ? `Clock agrees with ${v.request.host}.` : `${text}, within ${warn} s.` };
    });
  },
};
