import { scpDn } from '../derived/scp-location.js';
import { perObservedForest } from './helpers.js';
import { SCP_MISSING_CODES } from './scp-container.js';
import type { Check } from './types.js';

export const scpPresent: Check<'forests'> = {
  meta: {
    id: 'scp-present',
    title: 'Device Registration SCP exists',
    description: 'Reads the service connection point CN=62a0ff2e-97b9-4513-943f-0d221bd30080 that tells devices their Entra tenant.',
    group: 'directory',
    severity: 'critical',
    needs: ['forests'],
    codes: SCP_MISSING_CODES,
  },
  run(artifacts) {
    return perObservedForest(artifacts, (_forest, dc) => {
      if (dc.scp) return { status: 'pass', message: `The SCP exists (changed ${dc.scp.whenChanged ?? 'at an unknown time'}).`, evidence: { dn: dc.scp.dn, whenChanged: dc.scp.whenChanged } };
      const dn = dc.rootDse?.configurationNamingContext ? scpDn(dc.rootDse.configurationNamingContext) : 'the SCP';
      return {
        status: 'fail',
        message: `${dn} does not exist${dc.container.exists ? '' : ' (nor its container)'}. Devices in this forest show AD Configuration Test : FAIL [0x80070002] and stop at discovery with 0x801c001d.`,
        codes: SCP_MISSING_CODES,
        remedy: 'Create the SCP for this forest (Entra Connect → Configure device options → Configure hybrid join), with keywords azureADId:<tenant id> and azureADName:<verified domain>.',
        evidence: { dn },
      };
    });
  },
};
