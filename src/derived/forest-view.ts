import type { DcArtifact, ForestArtifact, ObjectView, ScpEntry } from '../artifacts/types.js';
import type { DomainSid } from './security-descriptor.js';
import { readClientSideScp, type ClientSideScp } from './client-side-scp.js';

/** A DC whose SCP search ran to the end (so `scp` is the entry or null). */
export interface ObservedDc extends DcArtifact {
  container: ObjectView;
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

/** The forest's declared client-side SCP (targeted rollout), parsed from the raw export; undefined when not declared. */
export function declaredClientSideScp(forest: ForestArtifact): (ClientSideScp & { regFile: string }) | undefined {
  const raw = forest.clientSideScp;
  if (!raw) return undefined;
  return { ...readClientSideScp(raw.text, raw.truncated), regFile: raw.regFile };
}

/** DN=…,DC=child,DC=contoso,DC=com → child.contoso.com (for naming a domain when dnsRoot is missing). */
function dnToDns(dn: string): string {
  return dn.split(',').map((p) => p.trim()).filter((p) => /^dc=/i.test(p)).map((p) => p.slice(3)).join('.') || dn;
}

/**
 * The domains of the forest with a known SID, as one DC reported them: every domain crossRef whose
 * SID was read, plus the root domain's objectSid (bundles from before the domain list was read have
 * only that one).
 */
export function forestDomains(dc: DcArtifact): DomainSid[] {
  const out: DomainSid[] = [];
  for (const d of dc.domains ?? []) if (d.sid) out.push({ name: d.dnsRoot ?? dnToDns(d.nc), sid: d.sid });
  const root = dc.rootDse?.rootDomainNamingContext ?? dc.rootDse?.defaultNamingContext;
  if (dc.domainSid && !out.some((d) => d.sid === dc.domainSid)) out.unshift({ name: root ? dnToDns(root) : 'forest root domain', sid: dc.domainSid });
  return out;
}

/** How a report names the audit account of a forest. */
export function bindAccount(forest: ForestArtifact): string {
  return forest.bindDn ?? 'the anonymous bind';
}
