import type { Check } from './types.js';

const DRS_APP_ID = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9';

export const cloudDrsPrincipal: Check<'cloud'> = {
  meta: {
    id: 'cloud-drs-principal',
    title: 'Device Registration Service principal enabled',
    description: `Reads the service principal of the Device Registration Service (appId ${DRS_APP_ID}) from Microsoft Graph and checks that it is enabled.`,
    severity: 'critical',
    needs: ['cloud'],
    codes: [],
  },
  run({ cloud }) {
    const subject = { endpoint: cloud.graphEndpoint };
    const sp = cloud.drsServicePrincipal;
    if (!sp.ok) return [{ ...subject, status: 'error', message: `The Device Registration Service principal could not be read: ${sp.failure.message}`, evidence: { failure: sp.failure } }];
    const v = sp.value;
    if (!v.found) {
      return [{
        ...subject,
        status: 'warn',
        message: `The tenant lists no service principal for the Device Registration Service (appId ${DRS_APP_ID}). Device registration goes through this first-party application; without it no device can register (inferred).`,
        remedy: `Check with Get-MgServicePrincipal -Filter "appId eq '${DRS_APP_ID}'" as a Global Reader; if it is really absent, open a Microsoft support case (first-party principals are created by Microsoft).`,
        evidence: { appId: DRS_APP_ID, found: false, source: 'inferred' },
      }];
    }
    const evidence = { appId: DRS_APP_ID, id: v.id, displayName: v.displayName, accountEnabled: v.accountEnabled };
    if (v.accountEnabled === true) return [{ ...subject, status: 'pass', message: `The Device Registration Service principal (${v.displayName ?? DRS_APP_ID}) is enabled.`, evidence }];
    if (v.accountEnabled === false) {
      return [{
        ...subject,
        status: 'fail',
        message: `The Device Registration Service principal (appId ${DRS_APP_ID}) is disabled: no device of the tenant can register or complete a hybrid join, and registered devices fail device authentication (inferred from its role).`,
        remedy: `Enable it: Update-MgServicePrincipal -ServicePrincipalId ${v.id ?? '<id>'} -AccountEnabled:$true (Entra admin center → Enterprise applications → Device Registration Service → Properties → Enabled for users to sign in: Yes).`,
        evidence: { ...evidence, source: 'inferred' },
      }];
    }
    return [{ ...subject, status: 'error', message: 'Graph returned the Device Registration Service principal without accountEnabled: its state was not observed.', evidence }];
  },
};
