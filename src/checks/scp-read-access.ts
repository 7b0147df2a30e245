import { judgeStoredDescriptor } from '../derived/security-descriptor.js';
import { perObservedForest } from './helpers.js';
import type { Check } from './types.js';

export const scpReadAccess: Check<'forests'> = {
  meta: {
    id: 'scp-read-access',
    title: 'Computers can read the SCP',
    description: 'Devices read the SCP as their computer account: its DACL must grant read to Authenticated Users (or Domain Computers) and must not deny it.',
    group: 'directory',
    severity: 'critical',
    needs: ['forests'],
    codes: ['0x801c001d'],
  },
  run(artifacts) {
    return perObservedForest(artifacts, (_forest, dc) => {
      if (!dc.scp) return { status: 'skip', message: 'No SCP (see scp-present).' };
      if (!dc.scp.securityDescriptor) {
        return { status: 'error', message: `The SCP's security descriptor could not be read: ${dc.scp.securityDescriptorError ?? 'not returned'}.`, remedy: 'Bind with an account that may read permissions on the configuration partition.' };
      }
      let verdict;
      try {
        verdict = judgeStoredDescriptor(dc.scp.securityDescriptor, dc.domainSid);
      } catch (err) {
        return { status: 'error', message: `The SCP's security descriptor could not be parsed: ${(err as Error).message}.` };
      }
      const evidence = { verdict };
      if (verdict.verdict === 'denied') {
        return {
          status: 'fail',
          message: `Computers are denied reading the SCP (${verdict.decidingAce}). Devices cannot read their tenant and fail discovery with 0x801c001d (event 307).`,
          codes: ['0x801c001d'],
          remedy: 'Remove the deny entry from the SCP (or from the container it inherits from); Authenticated Users need Read on the SCP.',
          evidence,
        };
      }
      if (verdict.verdict === 'not-granted') {
        return {
          status: 'fail',
          message: `No entry grants ${verdict.principals.join(', ')} read access to the SCP. Devices cannot read it and fail with 0x801c001d.`,
          codes: ['0x801c001d'],
          remedy: 'Grant Authenticated Users Read on the SCP (dsacls "<SCP DN>" /G "Authenticated Users:GR").',
          evidence,
        };
      }
      if (verdict.partialDenies.length > 0) {
        return { status: 'warn', message: `Computers may read the SCP (${verdict.decidingAce}), but some properties are denied: ${verdict.partialDenies.join('; ')}.`, remedy: 'Make sure no deny entry covers the keywords attribute.', evidence };
      }
      return { status: 'pass', message: `Computers may read the SCP (${verdict.decidingAce}).`, evidence };
    });
  },
};
