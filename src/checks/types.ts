import type { Artifacts } from '../artifacts/types.js';

export type Status = 'pass' | 'warn' | 'fail' | 'error' | 'skip';
export type CheckGroup = 'directory' | 'network' | 'cloud';
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** The artifact sections a check can declare. The engine hands a check only the sections it declares. */
export type ArtifactPart = 'forests' | 'network' | 'cloud';

/** The group a check is listed under follows from the section it needs first: one source for both. */
const GROUP_OF_PART: Record<ArtifactPart, CheckGroup> = { forests: 'directory', network: 'network', cloud: 'cloud' };

export function checkGroup(meta: Pick<CheckMeta, 'needs'>): CheckGroup {
  const first = meta.needs[0];
  if (first === undefined) throw new Error('a check must need at least one artifact section');
  return GROUP_OF_PART[first];
}

export interface CheckMeta<P extends ArtifactPart = ArtifactPart> {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /**
   * The artifact sections the check reads. The engine turns a missing section into an `error` finding
   * for the check (the check never runs without it), and --only/--skip decide from this which
   * gatherers run.
   */
  needs: readonly P[];
  /**
   * Sections the check also reads when they are present, without needing them (a missing one is no error):
   * e.g. the network check that derives the expected tenant id from the forests' raw SCP keywords.
   */
  reads?: readonly ArtifactPart[];
  /**
   * Every code (lower-case hex) this check can predict: the only place that links checks and codes.
   * The catalog's "verified by", `explain`, `diagnose` and the doc pages derive from it; a contract test
   * (test/unit/engine/codes-contract.test.ts) fails when a check predicts a code not listed here.
   */
  codes: readonly string[];
}

/** What a check receives: the settings, plus exactly the sections it declared (needed ones present, by the engine's guarantee). */
export type CheckInput<P extends ArtifactPart = ArtifactPart, R extends ArtifactPart = never> = Pick<Artifacts, 'settings'> & { [K in P]-?: NonNullable<Artifacts[K]> } & { [K in R]?: Artifacts[K] };

/** One result a check produces about one subject. */
export interface CheckResult {
  status: Status;
  message: string;
  forest?: string | null;
  server?: string | null;
  proxy?: string | null;
  endpoint?: string | null;
  /** Top-level code first, then the sub-code where dsregcmd would print FAIL [top/sub]. */
  codes?: string[];
  remedy?: string;
  evidence?: Record<string, unknown>;
}

export interface Check<P extends ArtifactPart = ArtifactPart, R extends ArtifactPart = never> {
  meta: CheckMeta<P>;
  /** Pure: reads its declared sections only. Returns one result per subject (forest, DC, ...). */
  run(input: CheckInput<P, R>): CheckResult[];
}

