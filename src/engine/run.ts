import type { Artifacts } from '../artifacts/types.js';
import type { Check, CheckResult, Status } from '../checks/types.js';
import { UserError } from '../util/errors.js';
import type { Finding, Report, Summary } from './report.js';

export interface Selection {
  only?: string[];
  skip?: string[];
}

/** Rejects unknown check ids in --only/--skip with the list of valid ones. */
export function validateSelection(checks: readonly Check[], selection: Selection): void {
  const known = new Set(checks.map((c) => c.meta.id));
  for (const id of [...(selection.only ?? []), ...(selection.skip ?? [])]) {
    if (!known.has(id)) throw new UserError(`unknown check "${id}" (known: ${[...known].join(', ')})`);
  }
}

export function isSelected(id: string, selection: Selection): boolean {
  if (selection.only && selection.only.length > 0 && !selection.only.includes(id)) return false;
  return !(selection.skip ?? []).includes(id);
}

function toFinding(check: Check, r: CheckResult): Finding {
  return {
    check: check.meta.id,
    status: r.status,
    title: check.meta.title,
    message: r.message,
    forest: r.forest ?? null,
    server: r.server ?? null,
    proxy: r.proxy ?? null,
    endpoint: r.endpoint ?? null,
    codes: r.status === 'fail' || r.status === 'warn' ? (r.codes ?? []) : [],
    remedy: r.status === 'pass' || r.status === 'skip' ? null : (r.remedy ?? null),
    evidence: r.evidence ?? {},
  };
}

export function summarize(findings: readonly Finding[]): Summary {
  const counts: Record<Status, number> = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 };
  for (const f of findings) counts[f.status]++;
  return { ...counts, ready: counts.fail === 0 && counts.error === 0 };
}

const SUBJECT_ORDER = (f: Finding) => [f.forest ?? '', f.server ?? '', f.proxy ?? '', f.endpoint ?? ''].join('\u0000');

/**
 * Runs the selected checks over the artifacts. A check that throws becomes an `error` finding;
 * findings are ordered by registry order, then subject, so output is deterministic.
 */
export function evaluate(artifacts: Artifacts, checks: readonly Check[], selection: Selection = {}): Report {
  const findings: Finding[] = [];
  checks.forEach((check) => {
    if (!isSelected(check.meta.id, selection)) return;
    let results: CheckResult[];
    try {
      results = check.run(artifacts);
    } catch (err) {
      results = [{ status: 'error', message: `The check itself failed: ${(err as Error).message}` }];
    }
    const sorted = results.map((r) => toFinding(check, r)).sort((a, b) => SUBJECT_ORDER(a).localeCompare(SUBJECT_ORDER(b)));
    findings.push(...sorted);
  });
  return {
    schemaVersion: 1,
    tool: artifacts.tool,
    startedAt: artifacts.collectedAt,
    durationMs: artifacts.durationMs,
    summary: summarize(findings),
    findings,
  };
}

/** Which gatherers the selected checks need (so --only/--skip also skip the I/O nobody reads). */
export function neededParts(checks: readonly Check[], selection: Selection): { forests: boolean; network: boolean } {
  const selected = checks.filter((c) => isSelected(c.meta.id, selection));
  return {
    forests: selected.some((c) => c.meta.needs.includes('forests')),
    network: selected.some((c) => c.meta.needs.includes('network')),
  };
}
