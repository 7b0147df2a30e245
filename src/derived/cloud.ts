/**
 * What Entra ID's device objects say about a computer (pure). A hybrid-joined device's deviceId is its
 * AD computer's objectGUID. Sources (dsregcmd facts file): a ServerAd device without an `X509:`
 * alternative security id is registered but not completed, "Pending" [S9][S15]; a disabled or deleted
 * device object fails device authentication with AADSTS50155 [S1]; dual state is a hybrid-joined machine
 * that is also Entra registered [S7][S26]. Matching a registered object to the machine by its display
 * name, and the Conditional Access consequence of isManaged/isCompliant, are inferred.
 */
import type { CloudDevice } from '../artifacts/cloud.js';

export type CloudState = 'joined' | 'pending' | 'disabled' | 'not-compliant' | 'registered-only';

export interface CloudStatus {
  state: CloudState;
  /** Every Entra deviceId that belongs to the machine: its own, then duplicates and the registered twin (sorted). */
  deviceIds: string[];
  /** Also Entra registered (a Workplace device object of the same name). */
  dualState: boolean;
  /** Further hybrid (ServerAd) device objects of the same machine: same deviceId, or same name with another deviceId. */
  duplicates: number;
  /** One sentence an administrator can act on. */
  detail: string;
  /** Codes (lower-case hex) a device in this state would print; none is documented for these states. */
  codes: string[];
}

export interface CloudIndex {
  devices: readonly CloudDevice[];
  byDeviceId: ReadonlyMap<string, readonly CloudDevice[]>;
  byName: ReadonlyMap<string, readonly CloudDevice[]>;
}

/** GUIDs compare in lower case without braces or spaces. */
export function normalizeGuid(value: string): string {
  return value.trim().replace(/^\{|\}$/g, '').toLowerCase();
}

const nameKey = (name: string | null) => (name ?? '').trim().toLowerCase();
const isHybrid = (d: CloudDevice) => d.trustType === 'ServerAd';
const isRegistered = (d: CloudDevice) => d.trustType === 'Workplace';
/** Completed registration: an alternative security id whose key decodes to `X509:` [S9]. */
export const hasX509 = (d: CloudDevice) => d.alternativeSecurityIds.some((a) => a.x509);

function push(map: Map<string, CloudDevice[]>, key: string, d: CloudDevice): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(d);
  else map.set(key, [d]);
}

export function indexCloud(devices: readonly CloudDevice[]): CloudIndex {
  const byDeviceId = new Map<string, CloudDevice[]>();
  const byName = new Map<string, CloudDevice[]>();
  for (const d of devices) {
    if (d.deviceId) push(byDeviceId, normalizeGuid(d.deviceId), d);
    push(byName, nameKey(d.displayName), d);
  }
  return { devices, byDeviceId, byName };
}

function stateOf(primary: CloudDevice): { state: CloudState; detail: string } {
  const name = primary.displayName ?? primary.id;
  if (!isHybrid(primary)) {
    return { state: 'registered-only', detail: `${name} is in Entra ID only as a ${primary.trustType ?? 'device of unknown trust type'} object, not hybrid joined.` };
  }
  if (primary.accountEnabled === false) {
    return { state: 'disabled', detail: `The device object of ${name} is disabled: its device authentication fails with AADSTS50155 (no PRT, no device-based Conditional Access) until an admin enables it.` };
  }
  if (!hasX509(primary)) {
    return { state: 'pending', detail: `${name} is synced but its registration is not completed (Pending: no X509 alternative security id); the device finishes it at its next sign-in or run of the Automatic-Device-Join task.` };
  }
  if (primary.isManaged === false || primary.isCompliant === false) {
    const which = [primary.isManaged === false ? 'not managed' : '', primary.isCompliant === false ? 'not compliant' : ''].filter(Boolean).join(' and ');
    return { state: 'not-compliant', detail: `${name} is hybrid joined but ${which} (isManaged ${String(primary.isManaged)}, isCompliant ${String(primary.isCompliant)}): Conditional Access policies that require a compliant or managed device block it (inferred).` };
  }
  return { state: 'joined', detail: `${name} is hybrid joined (registration completed${primary.approximateLastSignInDateTime ? `, last sign-in ${primary.approximateLastSignInDateTime}` : ''}).` };
}

/** The machine's standing in Entra ID, or null when no device object has its objectGUID as deviceId. */
export function cloudStatusFor(index: CloudIndex, objectGuid: string): CloudStatus | null {
  const matches = index.byDeviceId.get(normalizeGuid(objectGuid));
  if (!matches || matches.length === 0) return null;
  const primary = matches.find(isHybrid) ?? matches[0] as CloudDevice;
  const sameName = (index.byName.get(nameKey(primary.displayName)) ?? []).filter((d) => !matches.includes(d));
  const dualState = isHybrid(primary) && [...matches, ...sameName].some(isRegistered);
  const duplicates = matches.filter(isHybrid).length - (isHybrid(primary) ? 1 : 0) + sameName.filter(isHybrid).length;
  const related = [...matches, ...sameName.filter((d) => isHybrid(d) || isRegistered(d))];
  const deviceIds = [...new Set(related.map((d) => d.deviceId).filter((id): id is string => Boolean(id)).map(normalizeGuid))].sort();
  const { state, detail } = stateOf(primary);
  const extra = [
    dualState ? 'It is also Entra registered (dual state, matched by name: inferred); Windows 10 1803 with KB4489894 and later remove the registration after hybrid join.' : '',
    duplicates > 0 ? `${duplicates} more hybrid device object(s) carry its name or device id (stale duplicates).` : '',
  ].filter(Boolean);
  return { state, deviceIds, dualState, duplicates, detail: [detail, ...extra].join(' '), codes: [] };
}

/**
 * Hybrid (ServerAd) device objects whose AD computer is gone: their deviceId is no objectGUID in the
 * inventory. Only meaningful when the inventory covers every synced forest; the caller decides that.
 */
export function orphanDevices(index: CloudIndex, adObjectGuids: ReadonlySet<string>): CloudDevice[] {
  const known = new Set([...adObjectGuids].map(normalizeGuid));
  return index.devices.filter((d) => isHybrid(d) && d.deviceId !== null && !known.has(normalizeGuid(d.deviceId)));
}

/** Counts for the summary check: every hybrid device object by state, plus dual state and duplicates. */
export interface CloudSummary {
  hybrid: number;
  byState: Record<CloudState, CloudDevice[]>;
  dualState: CloudDevice[];
  duplicateGroups: CloudDevice[][];
}

export function summarizeCloud(index: CloudIndex): CloudSummary {
  const byState: Record<CloudState, CloudDevice[]> = { joined: [], pending: [], disabled: [], 'not-compliant': [], 'registered-only': [] };
  const dualState: CloudDevice[] = [];
  const groups = new Map<string, CloudDevice[]>();
  let hybrid = 0;
  for (const d of index.devices) {
    if (!isHybrid(d)) continue;
    hybrid++;
    byState[stateOf(d).state].push(d);
    const same = index.byName.get(nameKey(d.displayName)) ?? [];
    if (same.some(isRegistered)) dualState.push(d);
    const key = nameKey(d.displayName) || `id:${d.id}`;
    push(groups, key, d);
  }
  const duplicateGroups = [...groups.values()].filter((g) => g.length > 1);
  return { hybrid, byState, dualState, duplicateGroups };
}
