import type { Failure } from '../artifacts/outcome.js';

/**
 * A failure as a finding's evidence shows it. The report is a published JSON contract older than the one
 * outcome model, so its words stay: `stage`/`cause` for directory targets, `phase`/`cause` for probes.
 */
export function dcFailureEvidence(f: Failure): Record<string, string> {
  const e: Record<string, string> = { stage: f.stage, cause: f.code, message: f.message };
  if (f.detail !== undefined) e['detail'] = f.detail;
  return e;
}

export function probeFailureEvidence(f: Failure): Record<string, string> {
  const e: Record<string, string> = { phase: f.stage, cause: f.code, message: f.message };
  if (f.detail !== undefined) e['detail'] = f.detail;
  return e;
}
