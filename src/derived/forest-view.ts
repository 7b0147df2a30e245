import type { DcArtifact, ForestArtifact, ScpEntry } from '../artifacts/types.js';

/** A DC whose SCP search ran to the end (so `scp` is the entry or null). */
export interface ObservedDc extends DcArtifact {
  container: { dn: string; exists: boolean };
  scp: ScpEntry | null;
}

/** DCs that answered every read, in discovery order. */
export function observedDcs(forest: ForestArtifact): ObservedDc[] {
  return forest.dcs.filter((dc): dc is ObservedDc => !dc.failure && dc.container !== undefined && dc.scp !== undefined);
}

/** The DC whose view of the SCP the per-forest checks report: the first one that answered fully. */
export function referenceDc(forest: ForestArtifact): ObservedDc | undefined {
  return observedDcs(forest)[0];
}

/** Why a forest has no reference DC, for checks that must say `error`. */
export function whyUnobserved(forest: ForestArtifact): string {
  if (!forest.discovery.ok) return `no domain controller was found: ${forest.discovery.error.message}`;
  if (forest.dcs.length === 0) return 'no domain controller was found';
  const reasons = forest.dcs.map((dc) => `${dc.host}: ${dc.failure ? `${dc.failure.stage} failed (${dc.failure.message})` : 'incomplete'}`);
  return `no domain controller could be read: ${reasons.join('; ')}`;
}
