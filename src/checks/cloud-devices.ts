import type { CloudDevice } from '../artifacts/cloud.js';
import { indexCloud, summarizeCloud } from '../derived/cloud.js';
import type { Check, CheckResult } from './types.js';

const LIST_CAP = 50;

/** Names and ids of the devices a result is about, bounded. */
function listed(devices: readonly CloudDevice[]): Record<string, unknown> {
  return {
    count: devices.length,
    devices: devices.slice(0, LIST_CAP).map((d) => ({ displayName: d.displayName, deviceId: d.deviceId, accountEnabled: d.accountEnabled, isManaged: d.isManaged, isCompliant: d.isCompliant, approximateLastSignInDateTime: d.approximateLastSignInDateTime })),
    ...(devices.length > LIST_CAP ? { listedFirst: LIST_CAP } : {}),
  };
}

const names = (devices: readonly CloudDevice[]) => `${devices.slice(0, 5).map((d) => d.displayName ?? d.id).join(', ')}${devices.length > 5 ? `, … (${devices.length} in all)` : ''}`;

export const cloudDevices: Check<'cloud'> = {
  meta: {
    id: 'cloud-devices',
    title: 'Hybrid device objects in Entra ID',
    description: 'Reads every device object from Microsoft Graph and reports the hybrid-joined (ServerAd) ones that are pending, disabled, not compliant or managed, in dual state, or duplicated.',
    severity: 'high',
    needs: ['cloud'],
    codes: [],
  },
  run({ cloud }) {
    const subject = { endpoint: cloud.graphEndpoint };
    if (!cloud.devices.ok) {
      return [{ ...subject, status: 'error', message: `The device objects could not be read: ${cloud.devices.failure.message}`, evidence: { failure: cloud.devices.failure } }];
    }
    const s = summarizeCloud(indexCloud(cloud.devices.value));
    const results: CheckResult[] = [];
    if (s.hybrid === 0) {
      results.push({ ...subject, status: 'warn', message: `None of the ${cloud.devices.value.length} device object(s) in Entra ID is hybrid joined (trust type ServerAd): Entra Connect has synced no computer yet, or device sync is off.`, remedy: 'Include the computers\' OUs in the Entra Connect sync scope and enable device options (hybrid join) in Entra Connect.', evidence: { devices: cloud.devices.value.length } });
      return results;
    }
    const { disabled, pending } = s.byState;
    const notCompliant = s.byState['not-compliant'];
    if (disabled.length > 0) {
      results.push({ ...subject, status: 'warn', message: `${disabled.length} hybrid device object(s) are disabled: ${names(disabled)}. Their device authentication fails with AADSTS50155 (no PRT, no device-based Conditional Access).`, remedy: 'Enable the device objects that are still in use (Entra admin center → Devices, or Graph PATCH accountEnabled); remove the stale ones from the sync scope.', evidence: { ...listed(disabled), serverMessage: 'AADSTS50155', source: 'facts §1.7 [S1]' } });
    }
    if (pending.length > 0) {
      results.push({ ...subject, status: 'warn', message: `${pending.length} hybrid device object(s) are Pending (synced, registration not completed: no X509 alternative security id): ${names(pending)}.`, remedy: 'A pending device completes the join at its next sign-in or run of the Automatic-Device-Join task; one stuck after an OU move out of and back into the sync scope needs `dsregcmd /leave` and a restart.', evidence: { ...listed(pending), source: 'facts §5 Pending state, Verify in cloud [S9][S15]' } });
    }
    if (notCompliant.length > 0) {
      results.push({ ...subject, status: 'warn', message: `${notCompliant.length} hybrid-joined device(s) are not managed or not compliant: ${names(notCompliant)}. They are joined and can get a PRT, yet Conditional Access policies that require a compliant or managed device block them.`, remedy: 'Enrol these devices in the MDM that reports compliance (Intune, co-management), or scope the policies accordingly.', evidence: { ...listed(notCompliant), source: 'inferred' } });
    }
    if (s.dualState.length > 0) {
      results.push({ ...subject, status: 'warn', message: `${s.dualState.length} hybrid-joined device(s) are also Entra registered (dual state, matched by name): ${names(s.dualState)}.`, remedy: 'Windows 10 1803 with KB4489894 and later remove the registration after hybrid join; block new registrations with HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WorkplaceJoin BlockAADWorkplaceJoin=1.', evidence: { ...listed(s.dualState), source: 'facts §5 Dual state [S7][S26]; the name match: inferred' } });
    }
    if (s.duplicateGroups.length > 0) {
      const dup = s.duplicateGroups.flat();
      results.push({ ...subject, status: 'warn', message: `${s.duplicateGroups.length} name(s) carry more than one hybrid device object: ${names(s.duplicateGroups.map((g) => g[0] as CloudDevice))}.`, remedy: 'Delete the stale objects (the ones without a recent sign-in or without an X509 id) after checking which one the computer uses (dsregcmd /status → DeviceId).', evidence: { ...listed(dup), groups: s.duplicateGroups.length, source: 'inferred' } });
    }
    const joined = s.byState.joined.length;
    if (results.length === 0) {
      results.push({ ...subject, status: 'pass', message: `All ${s.hybrid} hybrid device object(s) are joined, enabled, managed and compliant as far as Entra ID reports.`, evidence: { hybrid: s.hybrid, joined } });
    }
    return results;
  },
};
