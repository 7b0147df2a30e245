import { perObservedForest } from './helpers.js';
import type { Check } from './types.js';

export const SCP_MISSING_CODES = ['0x801c001d', '0x80070002'];

export const scpContainer: Check<'forests'> = {
  meta: {
    id: 'scp-container',
    title: 'Device Registration Configuration container exists',
    description: 'Looks for CN=Device Registration Configuration,CN=Services in the forest\'s configuration partition, where the SCP lives.',
    group: 'directory',
    severity: 'critical',
    needs: ['forests'],
    codes: SCP_MISSING_CODES,
  },
  run(artifacts) {
    return perObservedForest(artifacts, (_forest, dc) =>
      dc.container.exists
        ? { status: 'pass', message: `${dc.container.dn} exists.`, evidence: { dn: dc.container.dn } }
        : {
            status: 'fail',
            message: `${dc.container.dn} does not exist, so there is no SCP. Devices show AD Configuration Test : FAIL [0x80070002] and Client ErrorCode 0x801c001d.`,
            codes: SCP_MISSING_CODES,
            remedy: 'Configure hybrid join for this forest in Entra Connect (Configure device options) as an Enterprise Admin, or create the container and SCP as documented; see docs/checks/scp-container.md.',
            evidence: { dn: dc.container.dn },
          },
    );
  },
};
