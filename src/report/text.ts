import type { Finding, Report } from '../engine/report.js';
import type { Status } from '../checks/types.js';
import { sanitizeInline } from '../util/sanitize.js';
import { alternativeCodes, isCloudFinding } from './model.js';

export interface TextOptions {
  color: boolean;
  /** Include pass and skip findings (default: only problems, plus a count of the rest). */
  verbose: boolean;
  /** Looks up a code's symbolic name for display. */
  codeName?: (hex: string) => string | undefined;
}

const COLORS: Record<Status, string> = { pass: '32', warn: '33', fail: '31', error: '35', skip: '90' };

function paint(text: string, code: string, on: boolean): string {
  return on ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function groupKey(f: Finding): string {
  if (isCloudFinding(f)) return 'Entra ID';
  if (f.forest) return `Forest ${f.forest}`;
  if (f.proxy || f.endpoint) return `Network ${f.proxy ?? ''}`.trim();
  const missing = f.evidence['missingArtifacts'];
  if (Array.isArray(missing) && missing.includes('network')) return 'Network (not probed)';
  return 'All forests';
}

function codesLine(f: Finding, opts: TextOptions): string {
  const form = (codes: string[]) =>
    codes
      .map((c) => {
        const name = opts.codeName?.(c);
        return name ? `${c} (${name})` : c;
      })
      .join(' / ');
  return [f.codes, ...alternativeCodes(f)].map(form).join(' or ');
}

/** The thing a finding is about inside its group: the endpoint on a network path, else the DC. */
function subjectOf(f: Finding): string | null {
  return f.endpoint ?? f.server;
}

/**
 * Findings of one check with the same status and fix (one cause seen on several endpoints or DCs)
 * become one entry, so a single TLS-inspecting proxy does not fill a screen. Order is kept.
 */
export function foldRepeats(findings: readonly Finding[]): Finding[][] {
  const buckets = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.check}\u0000${f.status}\u0000${f.remedy ?? ''}`;
    buckets.set(key, [...(buckets.get(key) ?? []), f]);
  }
  return [...buckets.values()];
}

/** Human report: grouped by subject, one line per finding, codes and fixes under problems. */
export function renderText(report: Report, opts: TextOptions): string {
  const s = (t: string) => sanitizeInline(t);
  const lines: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of report.findings) {
    const key = groupKey(f);
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const idWidth = Math.max(10, ...report.findings.map((f) => f.check.length));
  for (const [title, findings] of groups) {
    const shown = opts.verbose ? findings : findings.filter((f) => f.status !== 'pass' && f.status !== 'skip');
    const hidden = findings.length - shown.length;
    lines.push(paint(s(title), '1', opts.color));
    const entries = opts.verbose ? shown.map((f) => [f]) : foldRepeats(shown);
    for (const entry of entries) {
      const f = entry[0] as Finding;
      const label = paint(f.status.toUpperCase().padEnd(5), COLORS[f.status], opts.color);
      const server = f.server ? `[${s(f.server)}] ` : '';
      lines.push(`  ${label} ${f.check.padEnd(idWidth)} ${server}${s(f.message)}`);
      const indent = ' '.repeat(9 + idWidth); // under the message: 2 + status 5 + 1 + id + 1
      const others = entry.slice(1).map(subjectOf).filter((x): x is string => x !== null);
      if (others.length > 0) lines.push(`${indent}also:  ${others.map(s).join(', ')} (same cause)`);
      const codeSets = [...new Set(entry.filter((x) => x.codes.length > 0).map((x) => x.codes.join('/')))];
      if (codeSets.length === 1) lines.push(`${indent}codes: ${codesLine(f.codes.length ? f : (entry.find((x) => x.codes.length) as Finding), opts)}`);
      if (codeSets.length > 1) {
        const names = [...new Set(entry.flatMap((x) => x.codes))].map((c) => `${c} ${opts.codeName?.(c) ?? ''}`.trim());
        lines.push(`${indent}codes: ${codeSets.join('; ')}`, `${indent}       (${names.join(', ')})`);
      }
      if (f.remedy) lines.push(`${indent}fix:   ${s(f.remedy)}`);
    }
    if (hidden > 0) lines.push(paint(`  (${hidden} passed or skipped; --verbose shows them)`, '90', opts.color));
    lines.push('');
  }
  const sum = report.summary;
  const verdict = sum.ready ? paint('READY', '32;1', opts.color) : paint('NOT READY', '31;1', opts.color);
  lines.push(`${verdict}: ${sum.pass} pass, ${sum.warn} warn, ${sum.fail} fail, ${sum.error} error, ${sum.skip} skip (${(report.durationMs / 1000).toFixed(1)} s)`);
  return `${lines.join('\n')}\n`;
}
