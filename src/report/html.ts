import type { CodeEntry } from '../codes/types.js';
import type { Finding, Report } from '../engine/report.js';
import { escapeHtml } from '../util/sanitize.js';
import { buildMatrix, codesInReport, groupBySubject, type Matrix } from './model.js';

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
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
dt{font-weight:600;margin-top:.75rem}dd{margin-left:1rem}
@media print{details{display:block}details>summary{display:none}}
`;

function badge(status: string): string {
  return `<span class="badge badge-${e(status)}">${e(status.toUpperCase())}</span>`;
}

function codeLink(hex: string, lookup: HtmlOptions['lookupCode']): string {
  const name = lookup(hex)?.name;
  return `<a href="#code-${e(hex)}" class="code"><code>${e(hex)}</code></a>${name ? ` <small>${e(name)}</small>` : ''}`;
}

function renderFinding(f: Finding, lookup: HtmlOptions['lookupCode']): string {
  const subject = [f.server, f.endpoint].filter(Boolean).map((v) => e(String(v))).join(' · ');
  const parts = [
    `<article class="finding status-${e(f.status)}" data-check="${e(f.check)}" data-status="${e(f.status)}">`,
    `<p>${badge(f.status)} <strong>${e(f.title)}</strong> <code>${e(f.check)}</code>${subject ? ` <span class="subject">${subject}</span>` : ''}</p>`,
    `<p class="message">${e(f.message)}</p>`,
  ];
  if (f.codes.length > 0) parts.push(`<p class="codes">A device would report: ${f.codes.map((c) => codeLink(c, lookup)).join(' / ')}</p>`);
  if (f.remedy) parts.push(`<p class="remedy"><strong>Fix:</strong> ${e(f.remedy)}</p>`);
  if (Object.keys(f.evidence).length > 0) {
    parts.push(`<details class="evidence"><summary>Evidence</summary><pre>${e(JSON.stringify(f.evidence, null, 2))}</pre></details>`);
  }
  parts.push('</article>');
  return parts.join('\n');
}

function renderMatrix(title: string, id: string, corner: string, m: Matrix): string {
  if (m.rows.length === 0) return '';
  const head = `<tr><th>${e(corner)}</th>${m.columns.map((c) => `<th><code>${e(c)}</code></th>`).join('')}</tr>`;
  const body = m.rows
    .map((r) => {
      const cells = m.columns
        .map((c) => {
          const s = m.cells.get(r)?.get(c);
          return s ? `<td class="cell-${e(s)}" data-row="${e(r)}" data-column="${e(c)}" data-status="${e(s)}">${e(s)}</td>` : '<td>–</td>';
        })
        .join('');
      return `<tr><th>${e(r)}</th>${cells}</tr>`;
    })
    .join('\n');
  return `<section id="${e(id)}"><h2>${e(title)}</h2><table class="matrix">${head}\n${body}</table></section>`;
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

/** One self-contained HTML file: verdict first, matrices, findings by subject, codes explained. */
export function renderHtml(report: Report, opts: HtmlOptions): string {
  const groups = groupBySubject(report);
  const s = report.summary;
  const ready = s.ready;
  const subjectRows = groups
    .map((g) => `<tr data-subject="${e(g.key)}"><th>${e(g.label)}</th><td>${badge(g.verdict === 'ready' ? 'pass' : 'fail')} ${e(g.verdict)}</td><td>${g.counts.fail}</td><td>${g.counts.error}</td><td>${g.counts.warn}</td><td>${g.counts.pass}</td></tr>`)
    .join('\n');
  const forestMatrix = buildMatrix(report.findings, (f) => f.forest, (f) => f.check);
  const networkMatrix = buildMatrix(report.findings, (f) => f.proxy, (f) => f.endpoint);
  const findings = groups
    .map((g) => `<section class="group" data-subject="${e(g.key)}"><h3>${e(g.label)}</h3>\n${g.findings.map((f) => renderFinding(f, opts.lookupCode)).join('\n')}</section>`)
    .join('\n');
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
<table><tr><th>Subject</th><th>Verdict</th><th>Fail</th><th>Error</th><th>Warn</th><th>Pass</th></tr>
${subjectRows}
</table></section>
${renderMatrix('Forests × checks', 'matrix-forests', 'Forest', forestMatrix)}
${renderMatrix('Proxy paths × endpoints', 'matrix-network', 'Proxy path', networkMatrix)}
<section id="findings"><h2>Findings</h2>
${findings}
</section>
${renderCodes(report, opts.lookupCode)}
</body>
</html>
`;
}
