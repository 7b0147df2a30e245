/**
 * The two halves together (pure): each computer looked up in the Entra device index as it streams by,
 * the matched deviceIds remembered (memory bounded by the tenant's devices, not the computers), and at
 * the end the hybrid devices no AD computer claimed ("missing in AD"), judged only when the inventory
 * covers every configured forest completely: a domain not read is no evidence that a computer is gone.
 */
import type { Artifacts } from '../../artifacts/types.js';
import type { CloudArtifact, CloudDevice } from '../../artifacts/cloud.js';
import { cloudStatusFor, indexCloud, normalizeGuid, orphanDevices, summarizeCloud, type CloudIndex, type CloudStatus } from '../cloud.js';

export interface MissingInAdDevice {
  id: string;
  deviceId: string | null;
  displayName: string | null;
  approximateLastSignInDateTime: string | null;
}

/** summary.cloud of `computers`: what the tenant holds, and what it holds that AD no longer does. */
export interface InventoryCloudSummary {
  queried: boolean;
  /** Why the device list could not be read (the computers' cloud field then says `not-read`). */
  error: { stage: string; code: string; message: string } | null;
  /** Device objects read, and the hybrid (ServerAd) ones among them by state. */
  devices: number;
  hybrid: number;
  joined: number;
  pending: number;
  disabled: number;
  notCompliant: number;
  /** null when not judged (see missingInAdNote). */
  missingInAdCount: number | null;
  /** The first `limit` of them, by name. */
  missingInAd: MissingInAdDevice[] | null;
  missingInAdNote: string | null;
}

/** Why the inventory does not cover every configured forest completely, or null when it does. */
export function inventoryGap(artifacts: Pick<Artifacts, 'forests'>): string | null {
  if (artifacts.forests.length === 0) return 'no forest was read';
  for (const f of artifacts.forests) {
    const inv = f.inventory;
    if (!inv) return `forest ${f.name}: its computers were not read`;
    if (inv.error) return `forest ${f.name}: its computers could not be read`;
    if (inv.skippedDomains?.length) return `forest ${f.name}: inventory.domains left out ${inv.skippedDomains.join(', ')}`;
    if (inv.domains.length === 0) return `forest ${f.name}: no domain was read`;
    const partial = inv.domains.find((d) => d.error || !d.complete);
    if (partial) return `forest ${f.name}: domain ${partial.dnsRoot ?? partial.nc} was not read completely`;
  }
  return null;
}

export class CloudMatcher {
  private readonly index: CloudIndex | undefined;
  private readonly matched = new Set<string>();

  constructor(private readonly cloud: CloudArtifact) {
    if (cloud.devices.ok) this.index = indexCloud(cloud.devices.value);
  }

  /** One line naming why the device list is unusable, or undefined when it was read completely. */
  get failure(): string | undefined {
    return this.cloud.devices.ok ? undefined : `${this.cloud.devices.failure.stage} ${this.cloud.devices.failure.code}: ${this.cloud.devices.failure.message}`;
  }

  /** The lookup for InventoryJudgeOptions.cloud; undefined when the list was not read (no "not found" from missing evidence). */
  lookup(): ((objectGuid: string) => CloudStatus | null) | undefined {
    const index = this.index;
    if (!index) return undefined;
    return (objectGuid) => {
      const status = cloudStatusFor(index, objectGuid);
      if (status) this.matched.add(normalizeGuid(objectGuid));
      return status;
    };
  }

  /** The summary once every computer went by; `gap` (inventoryGap) withholds the missing-in-AD judgement. */
  summary(gap: string | null, limit = 200): InventoryCloudSummary {
    const devices = this.cloud.devices;
    const base = { queried: true, devices: 0, hybrid: 0, joined: 0, pending: 0, disabled: 0, notCompliant: 0, missingInAdCount: null, missingInAd: null };
    if (!devices.ok) return { ...base, error: { ...devices.failure }, missingInAdNote: 'not judged: the device list could not be read' };
    const index = this.index as CloudIndex;
    const s = summarizeCloud(index);
    const counts = { devices: index.devices.length, hybrid: s.hybrid, joined: s.byState.joined.length, pending: s.byState.pending.length, disabled: s.byState.disabled.length, notCompliant: s.byState['not-compliant'].length };
    if (gap) return { ...base, ...counts, error: null, missingInAdNote: `not judged: ${gap}` };
    const missing = orphanDevices(index, this.matched).sort((a, b) => (a.displayName ?? '').localeCompare(b.displayName ?? '') || a.id.localeCompare(b.id));
    return { ...base, ...counts, error: null, missingInAdCount: missing.length, missingInAd: missing.slice(0, limit).map(brief), missingInAdNote: null };
  }
}

const brief = (d: CloudDevice): MissingInAdDevice => ({ id: d.id, deviceId: d.deviceId, displayName: d.displayName, approximateLastSignInDateTime: d.approximateLastSignInDateTime });
