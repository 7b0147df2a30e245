import { probeEvidence, REMEDY, subjectOf, type ProbeView } from '../derived/network/view.js';
import type { CheckResult } from './types.js';

/**
 * A 407 offering Negotiate/NTLM: a device answers it with its computer account, which this host cannot do, so the
 * request beyond the proxy was not observed. Checks report it as a warning with the codes a rejection would give.
 */
export function machineAuthWarning(v: ProbeView, detail: string, codes: { codes: string[]; text: string; evidence: Record<string, unknown> }, what: string): CheckResult {
  return {
    ...subjectOf(v),
    evidence: { ...probeEvidence(v), ...codes.evidence },
    status: 'warn',
    message: `${what} stops at the proxy ${v.probe.route}: ${detail}. A device answers that as SYSTEM with its computer account, so it works only if the proxy accepts computer accounts; if it does not, the device would report ${codes.text}.`,
    codes: codes.codes,
    remedy: REMEDY['proxy-auth-machine'] as string,
  };
}
