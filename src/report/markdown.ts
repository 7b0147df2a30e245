import type { CodeEntry } from '../codes/types.js';
import type { Report } from '../engine/report.js';
import { alternativeCodes, buildMatrix, codesInReport, groupBySubject } from './model.js';

export interface MarkdownOptions {
  lookupCode: (hex: string) => CodeEntry | undefined;
}

/** Escapes text for a Markdown table cell or paragraph: no raw HTML, no table breaks, no control characters. */
export function mdEscape(text: string): string {
  return text
    // control characters and bidi overrides (which could make a value read backwards in a ticket) become spaces
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`);
}

const ICON: Record<string, string> = { pass: '✅ pass', warn: '⚠️ warn', fail: '❌ fail', error: '⛔ error', skip: '➖ skip' };

/** Markdown for tickets and wikis: verdict, subjects table, forests × checks, problems with codes and fixes. */
export function renderMarkdown(report: Report, opts: MarkdownOptions): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`# Hybrid join preflight: ${s.ready ? 'READY' : 'NOT READY'}`, '');
  out.push(`${mdEscape(report.tool.name)} ${mdEscape(report.tool.version)}, started ${mdEscape(report.startedAt)}, ${(report.durationMs / 1000).toFixed(1)} s.`, '');
  out.push(`**${s.fail} fail, ${s.error} error, ${s.warn} warn, ${s.pass} pass, ${s.skip} skip.**`, '');
  const groups = groupBySubject(report);
  out.push('| Subject | Verdict | Fail | Error | Warn | Pass | Skip |', '|---|---|---|---|---|---|---|');
  for (const g of groups) out.push(`| ${mdEscape(g.label)} | ${g.verdict} | ${g.counts.fail} | ${g.counts.error} | ${g.counts.warn} | ${g.counts.pass} | ${g.counts.skip} |`);
  out.push('');
  // Checks down, forests across: there are many checks and few forests.
  const matrix = buildMatrix(report.findings, (f) => (f.forest ? f.check : null), (f) => f.forest);
  if (matrix.rows.length > 0) {
    out.push('## Checks × forests', '', `| Check | ${matrix.columns.map(mdEscape).join(' | ')} |`, `|---|${matrix.columns.map(() => '---').join('|')}|`);
    for (const r of matrix.rows) out.push(`| \`${r}\` | ${matrix.columns.map((c) => ICON[matrix.cells.get(r)?.get(c) ?? ''] ?? '–').join(' | ')} |`);
    out.push('');
  }
  const problems = report.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip');
  out.push('## Problems', '');
  if (problems.length === 0) out.push('None.', '');
  for (const g of groups) {
    const mine = g.findings.filter((f) => problems.includes(f));
    if (mine.length === 0) continue;
    out.push(`### ${mdEscape(g.label)}`, '');
    for (const f of mine) {
      const where = [f.server, f.endpoint].filter(Boolean).map((v) => mdEscape(String(v))).join(', ');
      out.push(`- **${ICON[f.status]}** \`${f.check}\`${where ? ` (${where})` : ''}: ${mdEscape(f.message)}`);
      if (f.codes.length > 0) {
        const form = (codes: string[]) => codes.map((c) => `\`${c}\`${opts.lookupCode(c)?.name ? ` ${mdEscape(opts.lookupCode(c)?.name ?? '')}` : ''}`).join(' / ');
        out.push(`  - Codes: ${[f.codes, ...alternativeCodes(f)].map(form).join(' or ')}`);
      }
      if (f.remedy) out.push(`  - Fix: ${mdEscape(f.remedy)}`);
    }
    out.push('');
  }
  const codes = codesInReport(report);
  if (codes.length > 0) {
    out.push('## Codes', '');
    for (const hex of codes) {
      const entry = opts.lookupCode(hex);
      out.push(entry ? `- \`${hex}\` ${mdEscape(entry.name ?? '')}: ${mdEscape(entry.meaning)} Remedy: ${mdEscape(entry.remedy)}` : `- \`${hex}\`: not in the catalog.`);
    }
    out.push('');
  }
  return out.join('\n');
}
