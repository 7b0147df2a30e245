import { failureOf, observed, type Failure } from '../artifacts/outcome.js';
import type { DcArtifact, DcObservation, ForestArtifact, ObjectView, ScpEntry, TlsMode } from '../artifacts/types.js';
import type { DomainSid } from './security-descriptor.js';
import { readClientSideScp, type ClientSideScp } from './client-side-scp.js';
import { computed } from './computed.js';

/**
 * A DC as the checks read it: its key fields, everything it was seen to hold (whether the read finished
 * or stopped at a failure) and that failure. `dcView(dc).scp` is the SCP as read, `dcView(dc).failure` why not.
 */
export interface DcView extends DcObservation {
  host: string;
  port: number;
  tls: TlsMode;
  durationMs: number;
  failure?: Failure;
  /** Never the artifact itself: read it through dcView. */
  outcome?: never;
}

/** A DC whose SCP search ran to the end (so `scp` is the entry or null). */
export interface ObservedDc extends DcView {
  container: ObjectView;
  scp: ScpEntry | null;
}

/** The flat view of one DC artifact (what was observed, finished or not, beside the key fields). */
export function dcView(dc: DcArtifact): DcView {
  const view: DcView = { host: dc.host, port: dc.port, tls: dc.tls, durationMs: dc.durationMs, ...observed(dc.outcome) };
  const failure = failureOf(dc.outcome);
  if (failure) view.failure = failure;
  return view;
}

/** The views of a forest's DCs, in discovery order: computed once per forest artifact and shared by the checks. */
export const dcViews = computed('dcViews', (forest: ForestArtifact): readonly DcView[] => forest.dcs.map(dcView));

/** DCs that answered every read, in discovery order (once per forest artifact; do not modify the list). */
export const observedDcs = computed('observedDcs', (forest: ForestArtifact): readonly ObservedDc[] =>
  dcViews(forest).filter((dc): dc is ObservedDc => !dc.failure && dc.container !== undefined && dc.scp !== undefined),
);

/** The DC whose view of the SCP the per-forest checks report: the first one that answered fully. */
export function referenceDc(forest: ForestArtifact): ObservedDc | undefined {
  return observedDcs(forest)[0];
}

/** Why a forest has no reference DC, for checks that must say `error`. */
export function whyUnobserved(forest: ForestArtifact): string {
  if (!forest.discovery.ok) return `no domain controller was found: ${forest.discovery.failure.message}`;
  if (forest.dcs.length === 0) return 'no domain controller was found';
  const reasons = dcViews(forest).map((dc) => `${dc.host}: ${dc.failure ? `${dc.failure.stage} failed (${dc.failure.message})` : 'incomplete'}`);
  return `no domain controller could be read: ${reasons.join('; ')}`;
}

/** The forest's declared client-side SCP (targeted rollout), parsed from the raw export; undefined when not declared. */
export const declaredClientSideScp = computed('declaredClientSideScp', (forest: ForestArtifact): (ClientSideScp & { regFile: string }) | undefined => {
  const raw = forest.clientSideScp;
  if (!raw) return undefined;
  return { ...readClientSideScp(raw.text, raw.truncated), regFile: raw.regFile };
});

/** DN=…,DC=child,DC=contoso,DC=com → child.contoso.com (for naming a domain when dnsRoot is missing). */
function dnToDns(dn: string): string {
  return dn.split(',').map((p) => p.trim()).filter((p) => /^dc=/i.test(p)).map((p) => p.slice(3)).join('.') || dn;
}

/**
 * The domains of the forest with a known SID, as one DC reported them: every domain crossRef whose
 * SID was read, plus the root domain's objectSid (bundles from before the domain list was read have
 * only that one).
 */
export function forestDomains(dc: DcObservation): DomainSid[] {
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
