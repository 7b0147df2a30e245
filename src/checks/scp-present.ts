import { bindAccount, forestDomains } from '../derived/forest-view.js';
import { scpDn } from '../derived/scp-location.js';
import { perObservedForest } from './helpers.js';
import { SCP_MISSING_CODES } from './scp-container.js';
import type { Check } from './types.js';
import { hiddenChildEvidence } from './visibility.js';

export const scpPresent: Check<'forests'> = {
  meta: {
    id: 'scp-present',
    title: 'Device Registration SCP exists',
    description: 'Reads the service connection point CN=62a0ff2e-97b9-4513-943f-0d221bd30080 that tells devices their Entra tenant; not needed in a forest declared as using the client-side SCP.',
    severity: 'critical',
    needs: ['forests'],
    codes: SCP_MISSING_CODES,
  },
  run(artifacts) {
    return perObservedForest(artifacts, (forest, dc) => {
      if (dc.scp) return { status: 'pass', message: `The SCP exists (changed ${dc.scp.whenChanged ?? 'at an unknown time'}).`, evidence: { dn: dc.scp.dn, whenChanged: dc.scp.whenChanged } };
      const dn = dc.rootDse?.configurationNamingContext ? scpDn(dc.rootDse.configurationNamingContext) : 'the SCP';
      if (forest.clientSideScp) {
        return { status: 'pass', message: `No AD SCP, which is right for a forest declared as using the client-side SCP (${forest.clientSideScp.regFile}): devices take their tenant from the registry (see scp-client-side).`, evidence: { dn, clientSideScp: forest.clientSideScp.regFile } };
      }
      const hidden = hiddenChildEvidence(dc.container, forestDomains(dc), bindAccount(forest));
      if (hidden) {
        return {
          status: 'error',
          message: `${dn} was not found, but it may exist and not be visible to ${bindAccount(forest)}: ${hidden.reason}.`,
          remedy: 'Look for the SCP as an Enterprise Admin (ADSI Edit, Configuration partition), or bind with an account the deny does not cover; create it only if it really is absent.',
          evidence: { dn, ...hidden.evidence },
        };
      }
      return {
        status: 'fail',
        message: `${dn} does not exist${dc.container.exists ? '' : ' (nor its container)'}. Devices in this forest show AD Configuration Test : FAIL [0x80070002] and stop at discovery with 0x801c001d.`,
        codes: SCP_MISSING_CODES,
        remedy: 'Create the SCP for this forest (Entra Connect → Configure device options → Configure hybrid join), with keywords azureADId:<tenant id> and azureADName:<verified domain>, or declare the forest\'s client-side SCP (forests[].clientSideScp) for a targeted rollout.',
        evidence: { dn },
      };
    });
  },
};
