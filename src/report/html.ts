import type { CodeEntry } from '../codes/types.js';
import type { Finding, Report } from '../engine/report.js';
import { escapeHtml } from '../util/sanitize.js';
import { alternativeCodes, buildMatrix, codesInReport, groupBySubject, type Matrix, type SubjectGroup } from './model.js';

export interface HtmlOptions {
  lookupCode: (hex: string) => CodeEntry | undefined;
}

const e = escapeHtml;

const STYLE = `
:root{--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--error:#8250df;--skip:#6e7781;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
body{margin:0 auto;max-width:72rem;padding:1.5rem;color:#1f2328;line-height:1.45}
h1{margin:0 0 .25rem}h2{border-bottom:1px solid #d0d7de;padding-bottom:.25rem;margin-top:2rem}
.meta{color:#57606a;margin:0}
.verdict{border-radius:.5rem;padding:1rem 1.25rem;margin:1rem 0;color:#fff}
.verdict.ready{background:var(--pass)}.verdict.not-ready{background:var(--fail)}
.verdict h2{border:0;margin:0;color:#fff}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}
.cell-pass{background:#dafbe1}.cell-warn{background:#fff8c5}.cell-fail{background:#ffebe9}.cell-error{background:#fbefff}.cell-skip{background:#f6f8fa}
.badge{display:inline-block;min-width:3.2rem;text-align:center;border-radius:.25rem;color:#fff;font-weight:600;font-size:.8rem;padding:.05rem .35rem}
.badge-pass{background:var(--pass)}.badge-warn{background:var(--warn)}.badge-fail{background:var(--fail)}.badge-error{background:var(--error)}.badge-skip{background:var(--skip)}
.finding{border:1px solid #d0d7de;border-left-width:.3rem;border-radius:.35rem;padding:.5rem .75rem;margin:.5rem 0}
.finding.status-pass{border-left-color:var(--pass)}.finding.status-warn{border-left-color:var(--warn)}.finding.status-fail{border-left-color:var(--fail)}.finding.status-error{border-left-color:var(--error)}.finding.status-skip{border-left-color:var(--skip)}
.finding p{margin:.3rem 0}.subject{color:#57606a}
.matrix td{text-align:center;vertical-align:middle;font-weight:600;font-size:.8rem;text-transform:uppercase;white-space:nowrap;min-width:4rem}
.matrix td a{color:inherit;text-decoration:none;display:block}.matrix td a:hover{text-decoration:underline}
.matrix thead th{text-align:center;white-space:nowrap}.matrix thead th:first-child{text-align:left}
.matrix tbody th{font-weight:400;vertical-align:middle}.matrix tbody th code{overflow-wrap:anywhere}
.cell-pass{color:var(--pass)}.cell-warn{color:var(--warn)}.cell-fail{color:var(--fail)}.cell-error{color:var(--error)}.cell-skip{color:var(--skip)}
details.others{margin:.5rem 0}details.others>summary{cursor:pointer;color:#57606a;padding:.25rem 0}
details.evidence>summary{cursor:pointer;color:#57606a}
.group h3{margin:1.5rem 0 .5rem}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
dt{font-weight:600;margin-top:.75rem}dd{margin-left:1rem}
@media print{details.others>summary{display:none}.verdict{print-color-adjust:exact;-webkit-print-color-adjust:exact}}
`;

function badge(status: string): string {
  return `<span class="badge badge-${e(status)}">${e(status.toUpperCase())}</span>`;
}

function codeLink(hex: string, lookup: HtmlOptions['lookupCode']): string {
  const name = lookup(hex)?.name;
  return `<a href="#code-${e(hex)}" class="code"><code>${e(hex)}</code></a>${name ? ` <small>${e(name)}</small>` : ''}`;
}

function renderFinding(f: Finding, id: string, lookup: HtmlOptions['lookupCode']): string {
  const subject = [f.server, f.endpoint].filter(Boolean).map((v) => e(String(v))).join(' · ');
  const parts = [
    `<article class="finding status-${e(f.status)}" id="${e(id)}" data-check="${e(f.check)}" data-status="${e(f.status)}">`,
    `<p>${badge(f.status)} <strong>${e(f.title)}</strong> <code>${e(f.check)}</code>${subject ? ` <span class="subject">${subject}</span>` : ''}</p>`,
    `<p class="message">${e(f.message)}</p>`,
  ];
  const forms = [f.codes, ...alternativeCodes(f)].map((codes) => codes.map((c) => codeLink(c, lookup)).join(' / '));
  if (f.codes.length > 0) parts.push(`<p class="codes">A device would report: ${forms.join(' <em>or</em> ')}</p>`);
  if (f.remedy) parts.push(`<p class="remedy"><strong>Fix:</strong> ${e(f.remedy)}</p>`);
  if (Object.keys(f.evidence).length > 0) {
    parts.push(`<details class="evidence"><summary>Evidence</summary><pre>${e(JSON.stringify(f.evidence, null, 2))}</pre></details>`);
  }
  parts.push('</article>');
  return parts.join('\n');
}

interface MatrixSpec {
  title: string;
  id: string;
  corner: string;
  /** data-* attribute names for the row and column keys of each cell. */
  rowAttr: string;
  columnAttr: string;
  row: (f: Finding) => string | null;
  column: (f: Finding) => string | null;
  /** Tooltip for a row header. */
  rowTitle?: (row: string) => string | undefined;
}

/** A table of worst statuses; each cell links to the finding that decided it. */
function renderMatrix(findings: readonly Finding[], anchor: (f: Finding) => string, spec: MatrixSpec): string {
  const m: Matrix = buildMatrix(findings, spec.row, spec.column);
  if (m.rows.length === 0) return '';
  const head = `<thead><tr><th>${e(spec.corner)}</th>${m.columns.map((c) => `<th><code>${e(c)}</code></th>`).join('')}</tr></thead>`;
  const body = m.rows
    .map((r) => {
      const cells = m.columns
        .map((c) => {
          const s = m.cells.get(r)?.get(c);
          if (!s) return '<td>–</td>';
          const decider = findings.find((f) => spec.row(f) === r && spec.column(f) === c && f.status === s);
          const text = decider ? `<a href="#${e(anchor(decider))}">${e(s)}</a>` : e(s);
          return `<td class="cell-${e(s)}" data-row="${e(r)}" data-column="${e(c)}" data-${spec.rowAttr}="${e(r)}" data-${spec.columnAttr}="${e(c)}" data-status="${e(s)}">${text}</td>`;
        })
        .join('');
      const title = spec.rowTitle?.(r);
      return `<tr><th${title ? ` title="${e(title)}"` : ''}><code>${e(r)}</code></th>${cells}</tr>`;
    })
    .join('\n');
  return `<section id="${e(spec.id)}"><h2>${e(spec.title)}</h2><table class="matrix">${head}\n<tbody>${body}</tbody></table></section>`;
}

function renderCodes(report: Report, lookup: HtmlOptions['lookupCode']): string {
  const codes = codesInReport(report);
  if (codes.length === 0) return '';
  const items = codes.map((hex) => {
    const entry = lookup(hex);
    if (!entry) return `<dt id="code-${e(hex)}"><code>${e(hex)}</code></dt><dd>Not in the catalog.</dd>`;
    const causes = entry.causes.length ? `<ul>${entry.causes.map((c) => `<li>${e(c)}</li>`).join('')}</ul>` : '';
    return (
      `<dt id="code-${e(hex)}"><code>${e(hex)}</code> ${e(entry.name ?? '')} <small>(${e(String(entry.decimal))}, ${e(entry.phase)})</small></dt>` +
      `<dd><p>${e(entry.meaning)}</p>${causes}<p><strong>Remedy:</strong> ${e(entry.remedy)}</p>` +
      `<p><a href="${e(entry.docUrl)}" rel="noreferrer noopener">Documentation</a></p></dd>`
    );
  });
  return `<section id="codes"><h2>Codes explained</h2><dl>${items.join('\n')}</dl></section>`;
}

const VERDICT_BADGE: Record<SubjectGroup['verdict'], string> = { ready: 'pass', 'not ready': 'fail', 'not checked': 'skip' };

/** Problems first; passed and skipped findings folded away under one summary line. */
function renderGroup(g: SubjectGroup, anchor: (f: Finding) => string, lookup: HtmlOptions['lookupCode']): string {
  const problems = g.findings.filter((f) => f.status !== 'pass' && f.status !== 'skip');
  const rest = g.findings.filter((f) => f.status === 'pass' || f.status === 'skip');
  const parts = [`<section class="group" data-subject="${e(g.key)}"><h3>${e(g.label)}</h3>`];
  parts.push(...problems.map((f) => renderFinding(f, anchor(f), lookup)));
  if (rest.length > 0) {
    const label = [g.counts.pass ? `${g.counts.pass} passed` : '', g.counts.skip ? `${g.counts.skip} skipped` : ''].filter(Boolean).join(', ');
    parts.push(`<details class="others"><summary>${e(label)}</summary>`, ...rest.map((f) => renderFinding(f, anchor(f), lookup)), '</details>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** One self-contained HTML file: verdict first, matrices, findings by subject, codes explained. */
export function renderHtml(report: Report, opts: HtmlOptions): string {
  const groups = groupBySubject(report);
  const s = report.summary;
  const ready = s.ready;
  const index = new Map(report.findings.map((f, i) => [f, i]));
  const anchor = (f: Finding) => `finding-${index.get(f) ?? 0}`;
  const titles = new Map(report.findings.map((f) => [f.check, f.title]));
  const subjectRows = groups
    .map((g) => `<tr data-subject="${e(g.key)}"><th>${e(g.label)}</th><td>${badge(VERDICT_BADGE[g.verdict])} ${e(g.verdict)}</td><td>${g.counts.fail}</td><td>${g.counts.error}</td><td>${g.counts.warn}</td><td>${g.counts.pass}</td><td>${g.counts.skip}</td></tr>`)
    .join('\n');
  const forestMatrix = renderMatrix(report.findings, anchor, {
    title: 'Checks × forests', id: 'matrix-forests', corner: 'Check', rowAttr: 'check', columnAttr: 'forest',
    row: (f) => (f.forest ? f.check : null), column: (f) => f.forest, rowTitle: (check) => titles.get(check),
  });
  const networkMatrix = renderMatrix(report.findings, anchor, {
    title: 'Endpoints × proxy paths', id: 'matrix-network', corner: 'Endpoint', rowAttr: 'endpoint', columnAttr: 'proxy',
    row: (f) => (f.proxy ? f.endpoint : null), column: (f) => f.proxy,
  });
  const findings = groups.map((g) => renderGroup(g, anchor, opts.lookupCode)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Hybrid join preflight — ${ready ? 'ready' : 'not ready'}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Microsoft Entra hybrid join preflight</h1>
<p class="meta">${e(report.tool.name)} ${e(report.tool.version)} · started ${e(report.startedAt)} · ${(report.durationMs / 1000).toFixed(1)} s</p>
</header>
<section id="verdict" class="verdict ${ready ? 'ready' : 'not-ready'}" data-ready="${ready}">
<h2>${ready ? 'Ready' : 'Not ready'}</h2>
<p>${s.fail} failing, ${s.error} not observable, ${s.warn} warnings, ${s.pass} passed, ${s.skip} skipped.</p>
</section>
<section id="subjects"><h2>By forest and network path</h2>
<table><tr><th>Subject</th><th>Verdict</th><th>Fail</th><th>Error</th><th>Warn</th><th>Pass</th><th>Skip</th></tr>
${subjectRows}
</table></section>
${forestMatrix}
${networkMatrix}
<section id="findings"><h2>Findings</h2>
${findings}
</section>
${renderCodes(report, opts.lookupCode)}
</body>
</html>
`;
}
