/**
 * The one place the remediation code reads DC artifact fields (rootDse, container, services, scp,
 * failure, domains). Everything in src/fix works on the DcEvidence below, so a change of the
 * artifact's shape is adapted here only.
 */
import type { DcArtifact, ForestArtifact, ObjectView, ScpEntry } from '../artifacts/types.js';
import { dcView, forestDomains } from '../derived/forest-view.js';
import type { DomainSid } from '../derived/security-descriptor.js';

/** One DC's view of the objects a fix touches, complete (every read answered) or with the reason it is not. */
export interface DcEvidence {
  host: string;
  port: number;
  /** Set when the DC's reads did not all answer: the reason, for messages. */
  unreadable?: string;
  configurationNc?: string;
  container?: ObjectView;
  services?: ObjectView;
  /** The SCP, null when the DC answered that it does not exist. */
  scp?: ScpEntry | null;
  domains: DomainSid[];
}

/** A DC whose reads all answered. */
export interface CompleteDcEvidence extends DcEvidence {
  unreadable?: undefined;
  configurationNc: string;
  container: ObjectView;
  scp: ScpEntry | null;
}

export function dcEvidence(artifact: DcArtifact): DcEvidence {
  const dc = dcView(artifact);
  const base: DcEvidence = { host: dc.host, port: dc.port, domains: forestDomains(dc) };
  const configurationNc = dc.rootDse?.configurationNamingContext;
  if (configurationNc) base.configurationNc = configurationNc;
  if (dc.container) base.container = dc.container;
  if (dc.services) base.services = dc.services;
  if (dc.scp !== undefined) base.scp = dc.scp;
  if (dc.failure) base.unreadable = `${dc.failure.stage} failed (${dc.failure.message})`;
  else if (!configurationNc || !dc.container || dc.scp === undefined) base.unreadable = 'its reads did not complete';
  return base;
}

export function isComplete(dc: DcEvidence): dc is CompleteDcEvidence {
  return dc.unreadable === undefined && dc.configurationNc !== undefined && dc.container !== undefined && dc.scp !== undefined;
}

/** Every DC of a forest as evidence, in discovery order, and why none is complete when none is. */
export function forestEvidence(forest: ForestArtifact): { dcs: DcEvidence[]; complete: CompleteDcEvidence[]; whyNone?: string } {
  const dcs = forest.dcs.map(dcEvidence);
  const complete = dcs.filter(isComplete);
  if (complete.length > 0) return { dcs, complete };
  if (!forest.discovery.ok) return { dcs, complete, whyNone: `no domain controller was found: ${forest.discovery.failure.message}` };
  if (dcs.length === 0) return { dcs, complete, whyNone: 'no domain controller was found' };
  return { dcs, complete, whyNone: `no domain controller could be read: ${dcs.map((d) => `${d.host}: ${d.unreadable ?? 'incomplete'}`).join('; ')}` };
}
