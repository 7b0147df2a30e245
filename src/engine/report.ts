import type { Status } from '../checks/types.js';

export interface Finding {
  check: string;
  status: Status;
  title: string;
  message: string;
  forest: string | null;
  server: string | null;
  proxy: string | null;
  endpoint: string | null;
  codes: string[];
  remedy: string | null;
  evidence: Record<string, unknown>;
}

export interface Summary {
  pass: number;
  warn: number;
  fail: number;
  error: number;
  skip: number;
  /** True when nothing failed and nothing could not be observed. */
  ready: boolean;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: string; version: string };
  startedAt: string;
  durationMs: number;
  summary: Summary;
  findings: Finding[];
}

/** Exit code per the contract: 0 no fail, 1 a fail (strict: also warn/error). */
export function exitCodeFor(report: Report, strict: boolean): 0 | 1 {
  const s = report.summary;
  if (s.fail > 0) return 1;
  if (strict && (s.warn > 0 || s.error > 0)) return 1;
  return 0;
}
