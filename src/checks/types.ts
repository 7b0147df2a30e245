import type { Artifacts } from '../artifacts/types.js';

export type Status = 'pass' | 'warn' | 'fail' | 'error' | 'skip';
export type CheckGroup = 'directory' | 'network' | 'device';
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface CheckMeta {
  id: string;
  title: string;
  description: string;
  group: CheckGroup;
  severity: Severity;
  /** Which artifact sections the check reads (lets --only/--skip decide which gatherers run). */
  needs: Array<'forests' | 'network' | 'dsregcmd'>;
  /** Codes (lower-case hex) this check can predict. */
  codes: string[];
}

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

export interface Check {
  meta: CheckMeta;
  /** Pure: reads artifacts only. Returns one result per subject (forest, DC, ...). */
  run(artifacts: Artifacts): CheckResult[];
}
