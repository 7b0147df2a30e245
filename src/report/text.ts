import type { Finding, Report } from '../engine/report.js';
import type { Status } from '../checks/types.js';
import { sanitizeInline } from '../util/sanitize.js';

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
  if (f.forest) return `Forest ${f.forest}`;
  if (f.proxy || f.endpoint) return `Network ${f.proxy ?? ''}`.trim();
  return 'All forests';
}

function codesLine(f: Finding, opts: TextOptions): string {
  return f.codes
    .map((c) => {
      const name = opts.codeName?.(c);
      return name ? `${c} (${name})` : c;
    })
    .join(' / ');
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
    for (const f of shown) {
      const label = paint(f.status.toUpperCase().padEnd(5), COLORS[f.status], opts.color);
      const server = f.server ? `[${s(f.server)}] ` : '';
      lines.push(`  ${label} ${f.check.padEnd(idWidth)} ${server}${s(f.message)}`);
      const indent = ' '.repeat(9 + idWidth); // under the message: 2 + status 5 + 1 + id + 1
      if (f.codes.length > 0) lines.push(`${indent}codes: ${codesLine(f, opts)}`);
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
