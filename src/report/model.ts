import type { Status } from '../checks/types.js';
import type { Finding, Report } from '../engine/report.js';

/** Worst first: what a cell or a subject shows when several findings meet. */
export const STATUS_RANK: Record<Status, number> = { fail: 0, error: 1, warn: 2, pass: 3, skip: 4 };

export function worst(statuses: Iterable<Status>): Status | undefined {
  let result: Status | undefined;
  for (const s of statuses) if (result === undefined || STATUS_RANK[s] < STATUS_RANK[result]) result = s;
  return result;
}

export interface SubjectGroup {
  /** Stable key: `forest:<name>`, `proxy:<path>`, or `all`. */
  key: string;
  kind: 'forest' | 'network' | 'all';
  label: string;
  findings: Finding[];
  counts: Record<Status, number>;
  /** `not checked` when every finding of the subject was skipped. */
  verdict: 'ready' | 'not ready' | 'not checked';
}

/** The Entra ID checks (src/checks/cloud.ts) are named `cloud-…`; their subject is the tenant read through Graph. */
export const isCloudFinding = (f: Pick<Finding, 'check'>) => f.check.startsWith('cloud-');

function groupOf(f: Finding): { key: string; kind: SubjectGroup['kind']; label: string } {
  if (isCloudFinding(f)) return { key: 'cloud', kind: 'all', label: 'Entra ID' };
  if (f.forest) return { key: `forest:${f.forest}`, kind: 'forest', label: `Forest ${f.forest}` };
  if (f.proxy) return { key: `proxy:${f.proxy}`, kind: 'network', label: `Network path ${f.proxy}` };
  if (f.endpoint) return { key: 'network', kind: 'network', label: 'Network' };
  return { key: 'all', kind: 'all', label: 'All forests' };
}

/** Findings grouped by subject (forest, network path), in first-seen order. */
export function groupBySubject(report: Report): SubjectGroup[] {
  const groups = new Map<string, SubjectGroup>();
  for (const f of report.findings) {
    const g = groupOf(f);
    let group = groups.get(g.key);
    if (!group) {
      group = { ...g, findings: [], counts: { pass: 0, warn: 0, fail: 0, error: 0, skip: 0 }, verdict: 'ready' };
      groups.set(g.key, group);
    }
    group.findings.push(f);
    group.counts[f.status]++;
    if (f.status === 'fail' || f.status === 'error') group.verdict = 'not ready';
  }
  for (const g of groups.values()) if (g.counts.skip === g.findings.length) g.verdict = 'not checked';
  return [...groups.values()];
}

export interface Matrix {
  rows: string[];
  columns: string[];
  /** cell[row][column] = worst status, absent when no finding. */
  cells: Map<string, Map<string, Status>>;
}

/**
 * A rows × columns table of worst statuses, e.g. checks × forests or endpoints × proxies. A cell shows `skip`
 * only when every finding in it was skipped (skip ranks last).
 */
export function buildMatrix(findings: readonly Finding[], row: (f: Finding) => string | null, column: (f: Finding) => string | null): Matrix {
  const rows: string[] = [];
  const columns: string[] = [];
  const cells = new Map<string, Map<string, Status>>();
  for (const f of findings) {
    const r = row(f);
    const c = column(f);
    if (r === null || c === null) continue;
    if (!rows.includes(r)) rows.push(r);
    if (!columns.includes(c)) columns.push(c);
    const line = cells.get(r) ?? new Map<string, Status>();
    cells.set(r, line);
    line.set(c, worst([line.get(c) ?? f.status, f.status]) as Status);
  }
  return { rows, columns, cells };
}

const CODE_RE = /^0x[0-9a-f]{8}$/;

/**
 * Other code forms a device may print for the same failure (evidence.alternativeCodes, e.g. a discovery timeout:
 * 0x801c0021/0x80072ee2 or 0x801c001f). Read defensively: evidence may come from a reloaded bundle.
 */
export function alternativeCodes(f: Finding): string[][] {
  const raw = f.codes.length > 0 ? f.evidence['alternativeCodes'] : undefined;
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((alt): alt is unknown[] => Array.isArray(alt))
    .map((alt) => alt.filter((c): c is string => typeof c === 'string' && CODE_RE.test(c)))
    .filter((alt) => alt.length > 0)
    .slice(0, 4);
}

/** Every code the report predicts (alternatives included), in first-seen order. */
export function codesInReport(report: Report): string[] {
  return [...new Set(report.findings.flatMap((f) => [...f.codes, ...alternativeCodes(f).flat()]))];
}
