import { forestDomains, type ObservedDc } from '../derived/forest-view.js';
import { judgeForestAccess, judgeStoredDescriptor, parseSecurityDescriptor, RIGHTS, type ForestReadAccessVerdict } from '../derived/security-descriptor.js';
import { perObservedForest } from './helpers.js';
import type { Check, CheckResult } from './types.js';

const CODES = ['0x801c001d'];

/** "Computers" or "Computers of child.contoso.com" when only some domains are hit. */
function whose(v: ForestReadAccessVerdict): string {
  if (v.perDomain.length < 2 || v.affectedDomains.length === v.perDomain.length) return 'Computers';
  return `Computers of ${v.affectedDomains.join(', ')}`;
}

/**
 * No SCP in view: if the container's DACL keeps computers from listing it, they could not see an SCP
 * in it either (a base search of a child needs List Contents on its parent; inferred).
 */
function judgeContainer(dc: ObservedDc): CheckResult {
  const sd = dc.container.exists ? dc.container.securityDescriptor : undefined;
  if (!sd) return { status: 'skip', message: 'No SCP (see scp-present).' };
  let v: ForestReadAccessVerdict;
  try {
    v = judgeForestAccess(parseSecurityDescriptor(Buffer.from(sd, 'base64')), forestDomains(dc), RIGHTS.LIST_CHILDREN);
  } catch (err) {
    return { status: 'error', message: `The container's security descriptor could not be parsed: ${(err as Error).message}.` };
  }
  if (v.verdict === 'granted') return { status: 'skip', message: 'No SCP (see scp-present); computers may list its container.', evidence: { container: dc.container.dn, verdict: v } };
  const how = v.verdict === 'denied' ? `are denied listing ${dc.container.dn} (${v.decidingAce})` : `are not granted listing ${dc.container.dn} by any entry`;
  return {
    status: 'fail',
    message: `${whose(v)} ${how}, so they cannot see an SCP in it, whether or not it exists; discovery fails with 0x801c001d (inferred: a child is invisible without List Contents on its parent).`,
    codes: CODES,
    remedy: 'Remove the deny entry from the container\'s permissions; Authenticated Users need Read (list contents included) on CN=Device Registration Configuration.',
    evidence: { container: dc.container.dn, verdict: v, codeSource: 'inferred' },
  };
}

export const scpReadAccess: Check<'forests'> = {
  meta: {
    id: 'scp-read-access',
    title: 'Computers can read the SCP',
    description: 'Devices read the SCP as their computer account: its DACL must grant read to Authenticated Users (or each domain\'s Domain Computers) and must not deny it, and its container must let them list it.',
    severity: 'critical',
    needs: ['forests'],
    codes: CODES,
  },
  run(artifacts) {
    return perObservedForest(artifacts, (forest, dc) => {
      const targeted = forest.clientSideScp !== undefined;
      if (!dc.scp) return targeted ? { status: 'skip', message: 'No AD SCP; devices use the client-side SCP (see scp-client-side).' } : judgeContainer(dc);
      if (!dc.scp.securityDescriptor) {
        return { status: 'error', message: `The SCP's security descriptor could not be read: ${dc.scp.securityDescriptorError ?? 'not returned'}.`, remedy: 'Bind with an account that may read permissions on the configuration partition.' };
      }
      let verdict: ForestReadAccessVerdict;
      try {
        verdict = judgeStoredDescriptor(dc.scp.securityDescriptor, forestDomains(dc));
      } catch (err) {
        return { status: 'error', message: `The SCP's security descriptor could not be parsed: ${(err as Error).message}.` };
      }
      const evidence = { verdict };
      if (verdict.verdict !== 'granted') {
        const what = verdict.verdict === 'denied'
          ? `${whose(verdict)} are denied reading the SCP (${verdict.decidingAce})`
          : `No entry grants ${whose(verdict) === 'Computers' ? verdict.principals.join(', ') : whose(verdict).toLowerCase()} read access to the SCP`;
        if (targeted) {
          return { status: 'warn', message: `${what}. Devices with the client-side SCP registry values do not read it; devices without them cannot.`, remedy: 'Nothing is needed for the targeted devices; fix the permissions before rolling out through the AD SCP.', evidence };
        }
        return {
          status: 'fail',
          message: `${what}. Those devices cannot read their tenant and fail discovery with 0x801c001d (event 307).`,
          codes: CODES,
          remedy: verdict.verdict === 'denied'
            ? 'Remove the deny entry from the SCP (or from the container it inherits from); Authenticated Users need Read on the SCP.'
            : 'Grant Authenticated Users Read on the SCP (dsacls "<SCP DN>" /G "Authenticated Users:GR").',
          evidence,
        };
      }
      if (verdict.partialDenies.length > 0) {
        return { status: 'warn', message: `Computers may read the SCP (${verdict.decidingAce}), but some properties are denied: ${verdict.partialDenies.join('; ')}.`, remedy: 'Make sure no deny entry covers the keywords attribute.', evidence };
      }
      return { status: 'pass', message: `Computers${verdict.perDomain.length > 1 ? ` of all ${verdict.perDomain.length} domains` : ''} may read the SCP (${verdict.decidingAce}).`, evidence };
    });
  },
};
