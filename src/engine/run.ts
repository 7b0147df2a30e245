import type { Artifacts } from '../artifacts/types.js';
import type { ArtifactPart, Check, CheckInput, CheckResult, Status } from '../checks/types.js';
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

/**
 * READY only when nothing failed, nothing errored, and there was evidence to judge: at least one
 * finding, and (the engine guarantees it per check) every selected check observed something.
 */
export function summarize(findings: readonly Finding[]): Summary {
  const counts: Record<Status, number> = { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 };
  for (const f of findings) counts[f.status]++;
  const observed = counts.pass + counts.warn + counts.fail > 0;
  return { ...counts, ready: counts.fail === 0 && counts.error === 0 && observed };
}

const SUBJECT_ORDER = (f: Finding) => [f.forest ?? '', f.server ?? '', f.proxy ?? '', f.endpoint ?? ''].join('\u0000');

/** How to get a missing artifact section, for the `error` finding that stands in for the check. */
const HOW_TO_GATHER: Record<ArtifactPart, string> = {
  forests: 'no forest was read (give forests in the configuration, or use `scp`/`check` rather than `probe`)',
  network: 'the network half was not probed (add a "network" section to the configuration, even an empty one, or run `probe`; `scp` judges the directory half alone)',
  cloud: 'Entra ID was not read (give `cloud` as an object with an app registration in the configuration: docs/cloud.md)',
};

/**
 * Halves the user opts into (a `cloud` object in the config): without them the bundle has no such
 * section, and the checks that need only what is there run while those that need it are left out of
 * the report (not asked for), unless --only names them: then the missing evidence is `error`.
 */
const OPTIONAL_PARTS: ReadonlySet<ArtifactPart> = new Set(['cloud']);

export function notRequested(check: Check, artifacts: Artifacts): boolean {
  const missing = missingParts(check, artifacts);
  return missing.length > 0 && missing.every((part) => OPTIONAL_PARTS.has(part));
}

function missingParts(check: Check, artifacts: Artifacts): ArtifactPart[] {
  return check.meta.needs.filter((part) => {
    if (part === 'forests') return !Array.isArray(artifacts.forests) || artifacts.forests.length === 0;
    return artifacts[part] === undefined;
  });
}

/** The settings plus exactly the sections the check declared, needed or read when present (the check cannot read anything else). */
function inputFor(check: Check, artifacts: Artifacts): CheckInput {
  const input: Record<string, unknown> = { settings: artifacts.settings };
  for (const part of check.meta.needs) input[part] = artifacts[part];
  for (const part of check.meta.reads ?? []) if (artifacts[part] !== undefined) input[part] = artifacts[part];
  return input as CheckInput;
}

/**
 * Runs one check as the engine does: a declared section that is missing becomes one `error` result
 * (the check does not run), a check that throws becomes an `error` result, and a check that returns
 * nothing becomes an `error` result too (it observed nothing, so nothing may read as success).
 */
export function runCheck(check: Check, artifacts: Artifacts): CheckResult[] {
  const missing = missingParts(check, artifacts);
  if (missing.length > 0) {
    const why = missing.map((part) => HOW_TO_GATHER[part]).join('; ');
    return [{ status: 'error', message: `Not observed: ${why}.`, evidence: { missingArtifacts: missing } }];
  }
  let results: CheckResult[];
  try {
    results = check.run(inputFor(check, artifacts));
  } catch (err) {
    return [{ status: 'error', message: `The check itself failed: ${(err as Error).message}` }];
  }
  if (results.length === 0) return [{ status: 'error', message: 'The check found nothing to judge in the gathered evidence.' }];
  return results;
}

/** Runs the selected checks over the artifacts; findings are ordered by registry order, then subject, so output is deterministic. */
export function evaluate(artifacts: Artifacts, checks: readonly Check[], selection: Selection = {}): Report {
  const findings: Finding[] = [];
  for (const check of checks) {
    if (!isSelected(check.meta.id, selection)) continue;
    if (notRequested(check, artifacts) && !(selection.only ?? []).includes(check.meta.id)) continue;
    const sorted = runCheck(check, artifacts).map((r) => toFinding(check, r)).sort((a, b) => SUBJECT_ORDER(a).localeCompare(SUBJECT_ORDER(b)));
    findings.push(...sorted);
  }
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
export function neededParts(checks: readonly Check[], selection: Selection): { forests: boolean; network: boolean; cloud: boolean } {
  const selected = checks.filter((c) => isSelected(c.meta.id, selection));
  return {
    forests: selected.some((c) => c.meta.needs.includes('forests')),
    network: selected.some((c) => c.meta.needs.includes('network')),
    cloud: selected.some((c) => c.meta.needs.includes('cloud')),
  };
}
