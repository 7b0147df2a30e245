/**
 * `diagnose` with the Entra ID half: what the device says about itself (dsregcmd) next to what Entra ID
 * holds for it (the device object with its DeviceId, or, for a device that is not joined, the hybrid
 * objects of its name). Pure; the lookup is done by the caller.
 */
import type { CloudDevice, CloudOutcome } from '../artifacts/cloud.js';
import type { DsregcmdStatus } from './dsregcmd/types.js';
import { cloudStatusFor, indexCloud, hasX509 } from './cloud.js';

export interface CloudDiagnosis {
  /** How the device was looked up: by its DeviceId (joined), by its name (not joined), or not at all. */
  lookup: 'device-id' | 'name' | 'none';
  key: string | null;
  /** true: Entra ID and the device disagree in a way that breaks the device (a cause); false: consistent or only informative; null: not observed. */
  problem: boolean | null;
  text: string;
  devices: Array<Pick<CloudDevice, 'id' | 'deviceId' | 'displayName' | 'accountEnabled' | 'trustType' | 'isManaged' | 'isCompliant' | 'approximateLastSignInDateTime'> & { x509: boolean }>;
}

const GUID = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

/** The key to look the device up by: its DeviceId when it is hybrid joined, else the host name of Device Name (letters, digits, '-'). */
export function cloudLookupKey(status: Pick<DsregcmdStatus, 'deviceId' | 'deviceName' | 'joinState'>): { by: 'device-id' | 'name'; key: string } | null {
  if (status.joinState === 'hybrid-joined' && status.deviceId && GUID.test(status.deviceId.trim())) return { by: 'device-id', key: status.deviceId.trim().replace(/^\{|\}$/g, '').toLowerCase() };
  const host = status.deviceName?.trim().split('.')[0] ?? '';
  return /^[A-Za-z0-9-]{1,63}$/.test(host) ? { by: 'name', key: host } : null;
}

const view = (d: CloudDevice): CloudDiagnosis['devices'][number] => ({
  id: d.id, deviceId: d.deviceId, displayName: d.displayName, accountEnabled: d.accountEnabled, trustType: d.trustType,
  isManaged: d.isManaged, isCompliant: d.isCompliant, approximateLastSignInDateTime: d.approximateLastSignInDateTime, x509: hasX509(d),
});

function joinedDevice(key: string, devices: CloudDevice[]): Omit<CloudDiagnosis, 'lookup' | 'key' | 'devices'> {
  const status = cloudStatusFor(indexCloud(devices), key);
  if (!status) {
    return { problem: true, text: `The device says it is joined with DeviceId ${key}, but Entra ID has no device object with that id: it was deleted (or the device is joined to another tenant: compare its TenantId). Its device authentication and PRT requests fail (AADSTS50155, device deleted or disabled). Run \`dsregcmd /leave\` as admin, restart, and let it join again.` };
  }
  if (status.state === 'disabled') return { problem: true, text: `The device is joined locally, but its Entra device object is disabled: ${status.detail}` };
  if (status.state === 'pending') return { problem: true, text: `The device says it is joined, but Entra ID holds its object as Pending (no X509 alternative security id): the object was recreated by sync after the device registered, so the device's certificate no longer matches. ${status.detail} If it does not complete, run \`dsregcmd /leave\` and restart.` };
  if (status.state === 'registered-only') return { problem: true, text: `The device says it is hybrid joined, but the object with its DeviceId is not a hybrid (ServerAd) object: ${status.detail}` };
  return { problem: false, text: `Entra ID agrees: ${status.detail}` };
}

function notJoinedDevice(name: string, devices: CloudDevice[]): Omit<CloudDiagnosis, 'lookup' | 'key' | 'devices'> {
  const hybrid = devices.filter((d) => d.trustType === 'ServerAd');
  if (hybrid.length === 0) {
    return { problem: false, text: `The device is not joined, and Entra ID has no hybrid device object named ${name}: its computer object is not synced yet (sync scope, a valid userCertificate, the next sync cycle); until then a sync join ends with "device object not found" (0x801c03f2).` };
  }
  const pending = hybrid.filter((d) => !hasX509(d) && d.accountEnabled !== false);
  if (pending.length === hybrid.length) {
    return { problem: false, text: `The device is not joined yet, and Entra ID shows ${name} as Pending (synced, registration not completed): the device completes it at its next sign-in or run of the Automatic-Device-Join task; if it keeps failing, its error code above is the cause.` };
  }
  if (hybrid.some((d) => d.accountEnabled === false)) {
    return { problem: true, text: `The device is not joined, and a hybrid device object named ${name} is disabled in Entra ID: the join or its device authentication fails (AADSTS50155) until an admin enables it (matched by name: inferred).` };
  }
  return { problem: false, text: `The device is not joined locally, yet Entra ID has a completed hybrid object named ${name} (matched by name: inferred): it is left from an earlier join (re-imaged, or left the join). It does not block a new join; delete it if it stays unused.` };
}

export function diagnoseCloud(status: Pick<DsregcmdStatus, 'deviceId' | 'deviceName' | 'joinState'>, lookup: { key: { by: 'device-id' | 'name'; key: string } | null; devices: CloudOutcome<CloudDevice[]> | null }): CloudDiagnosis {
  const key = lookup.key;
  if (!key || !lookup.devices) return { lookup: 'none', key: null, problem: null, text: 'The capture shows neither a DeviceId nor a usable device name: Entra ID was not asked.', devices: [] };
  if (!lookup.devices.ok) return { lookup: key.by, key: key.key, problem: null, text: `Entra ID could not be read: ${lookup.devices.failure.message}`, devices: [] };
  const devices = lookup.devices.value;
  const judged = key.by === 'device-id' ? joinedDevice(key.key, devices) : notJoinedDevice(key.key, devices);
  return { lookup: key.by, key: key.key, ...judged, devices: devices.slice(0, 20).map(view) };
}
