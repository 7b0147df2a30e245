import { bindAccount, forestDomains } from '../derived/forest-view.js';
import { perObservedForest } from './helpers.js';
import type { Check } from './types.js';
import { hiddenChildEvidence } from './visibility.js';

export const SCP_MISSING_CODES = ['0x801c001d', '0x80070002'];

export const scpContainer: Check<'forests'> = {
  meta: {
    id: 'scp-container',
    title: 'Device Registration Configuration container exists',
    description: 'Looks for CN=Device Registration Configuration,CN=Services in the forest\'s configuration partition, where the SCP lives.',
    severity: 'critical',
    needs: ['forests'],
    codes: SCP_MISSING_CODES,
  },
  run(artifacts) {
    return perObservedForest(artifacts, (forest, dc) => {
      const evidence = { dn: dc.container.dn };
      if (dc.container.exists) return { status: 'pass', message: `${dc.container.dn} exists.`, evidence };
      if (forest.clientSideScp) {
        return { status: 'pass', message: `${dc.container.dn} does not exist, which is fine for a forest declared as using the client-side SCP (${forest.clientSideScp.regFile}).`, evidence };
      }
      const hidden = hiddenChildEvidence(dc.services, forestDomains(dc), bindAccount(forest));
      if (hidden) {
        return {
          status: 'error',
          message: `${dc.container.dn} was not found, but it may exist and not be visible to ${bindAccount(forest)}: ${hidden.reason}.`,
          remedy: 'Look for the container as an Enterprise Admin (ADSI Edit, Configuration partition), or bind with an account the deny does not cover; create it only if it really is absent.',
          evidence: { ...evidence, ...hidden.evidence },
        };
      }
      return {
        status: 'fail',
        message: `${dc.container.dn} does not exist, so there is no SCP. Devices show AD Configuration Test : FAIL [0x80070002] and Client ErrorCode 0x801c001d.`,
        codes: SCP_MISSING_CODES,
        remedy: 'Configure hybrid join for this forest in Entra Connect (Configure device options) as an Enterprise Admin, or create the container and SCP as documented; see docs/checks/scp-container.md.',
        evidence,
      };
    });
  },
};
