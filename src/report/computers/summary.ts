/** The inventory's summary as text, Markdown and HTML: a readiness bar per forest, per-OU table, reasons with codes, the computers to look at. */
import type { ForestCounts, InventorySummary, OuCounts } from '../../derived/computers/aggregate.js';
import type { InventoryCloudSummary } from '../../derived/computers/cloud-match.js';
import { VERDICTS, type ComputerVerdict } from '../../derived/computers/judge.js';
import { REASONS, type Reason } from '../../derived/computers/reasons.js';
import { escapeHtml, sanitizeInline } from '../../util/sanitize.js';

export interface InventoryError {
  forest: string;
  domain: string | null;
  stage: string;
  code: string;
  message: string;
}

/** What the summary renderers get: counts, a bounded list of computers that need attention, and read errors. */
export interface InventoryView {
  summary: InventorySummary;
  attention: ComputerVerdict[];
  /** Computers needing attention that were not kept (beyond the bound). */
  attentionOmitted: number;
  errors: InventoryError[];
  /** The Entra ID side, when the cloud was queried. */
  cloud?: InventoryCloudSummary;
}

/** The cloud part of the summary as plain lines (each format wraps them). */
export function cloudLines(c: InventoryCloudSummary | undefined): string[] {
  if (!c) return [];
  if (c.error) return [`Entra ID: the device list could not be read: ${c.error.stage} ${c.error.code}: ${c.error.message}; no computer is judged by the cloud, missing in AD not judged`];
  const lines = [`Entra ID: ${c.devices} device object(s), ${c.hybrid} hybrid: ${c.joined} joined, ${c.pending} pending, ${c.disabled} disabled, ${c.notCompliant} not compliant or not managed`];
  if (c.missingInAd === null) lines.push(`Missing in AD: ${c.missingInAdNote ?? 'not judged'}`);
  else {
    lines.push(`Missing in AD: ${c.missingInAdCount} hybrid device object(s) whose AD computer is gone (deviceId is no objectGUID in the configured forests)`);
    for (const d of c.missingInAd) lines.push(`  ${d.displayName ?? '(no name)'}  deviceId ${d.deviceId ?? '-'}${d.approximateLastSignInDateTime ? `  last sign-in ${d.approximateLastSignInDateTime}` : ''}`);
    if ((c.missingInAdCount ?? 0) > c.missingInAd.length) lines.push(`  … and ${(c.missingInAdCount ?? 0) - c.missingInAd.length} more (--format json)`);
  }
  return lines;
}

/** Share of the computers that count (all but excluded) that are ready, joined or pending. */
export function readiness(c: { total: number; byVerdict: Record<string, number> }): { good: number; counted: number; percent: number } {
  const counted = c.total - (c.byVerdict['excluded'] ?? 0);
  const good = (c.byVerdict['ready'] ?? 0) + (c.byVerdict['joined'] ?? 0) + (c.byVerdict['pending'] ?? 0);
  return { good, counted, percent: counted === 0 ? 0 : Math.floor((good * 100) / counted) };
}

export function readinessBar(c: ForestCounts, width = 30): string {
  const r = readiness(c);
  const filled = r.counted === 0 ? 0 : Math.round((r.good / r.counted) * width);
  const counts = VERDICTS.map((v) => `${v} ${c.byVerdict[v]}`).join(', ');
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${r.percent}% ready or joined (${r.good} of ${r.counted}; ${counts})`;
}

const ouColumns = ['OU', 'total', ...VERDICTS, 'sync scope'];
const ouCells = (o: OuCounts): string[] => [o.ou || '(domain root)', String(o.total), ...VERDICTS.map((v) => String(o.byVerdict[v])), o.syncScope];

function reasonRows(byReason: Partial<Record<Reason, number>>): string[][] {
  return (Object.entries(byReason) as Array<[Reason, number]>)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([r, n]) => [r, String(n), REASONS[r].codes.join(' ') || '-', REASONS[r].text]);
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}

const attentionLine = (v: ComputerVerdict): string =>
  `${v.verdict.padEnd(11)} ${v.name ?? v.dn}  ${v.reasons.join(', ') || '-'}${v.codes.length ? `  [${v.codes.join(' ')}]` : ''}${v.notes.length ? `  (${v.notes.join('; ')})` : ''}`;

export function renderInventoryText(view: InventoryView): string {
  const s = sanitizeInline;
  const out: string[] = [`Computer inventory: ${view.summary.total} computer(s) in ${view.summary.forests.length} forest(s)`, ''];
  for (const f of view.summary.forests) {
    out.push(`Forest ${s(f.forest)}`, `  ${readinessBar(f)}`);
    for (const d of f.domains) out.push(`  domain ${s(d.domain)}: ${d.total} computer(s)`);
    out.push('', ...pad([ouColumns, ...f.ous.map((o) => ouCells(o).map(s))]).map((l) => `  ${l}`), '');
    const reasons = reasonRows(f.byReason);
    if (reasons.length) out.push(...pad([['reason', 'count', 'codes', 'meaning'], ...reasons]).map((l) => `  ${l}`), '');
    const outOfScope = f.ous.filter((o) => o.syncScope === 'out');
    for (const o of outOfScope) out.push(`  outside the sync scope: ${s(o.ou)} (${o.total} computer(s))`);
    if (outOfScope.length) out.push('');
  }
  const cloud = cloudLines(view.cloud).map(s);
  if (cloud.length) out.push(...cloud, '');
  for (const e of view.errors) out.push(`ERROR ${s(e.forest)}${e.domain ? ` ${s(e.domain)}` : ''}: ${e.stage}: ${s(e.message)} (${s(e.code)})`);
  if (view.errors.length) out.push('');
  if (view.attention.length) {
    out.push('Computers needing attention (blocked, not-started):');
    for (const v of view.attention) out.push(`  ${s(attentionLine(v))}`);
    if (view.attentionOmitted) out.push(`  … and ${view.attentionOmitted} more (--format csv lists every computer)`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const mdCell = (t: string) => sanitizeInline(t).replace(/\|/g, '\\|');
const mdTable = (rows: string[][]) => [rows[0] ?? [], (rows[0] ?? []).map(() => '---'), ...rows.slice(1)].map((r) => `| ${r.map(mdCell).join(' | ')} |`);

export function renderInventoryMarkdown(view: InventoryView): string {
  const out: string[] = ['# Computer inventory', '', `${view.summary.total} computer(s) in ${view.summary.forests.length} forest(s).`, ''];
  for (const f of view.summary.forests) {
    out.push(`## ${mdCell(f.forest)}`, '', `\`${readinessBar(f)}\``, '', ...mdTable([ouColumns, ...f.ous.map(ouCells)]), '');
    const reasons = reasonRows(f.byReason);
    if (reasons.length) out.push(...mdTable([['reason', 'count', 'codes', 'meaning'], ...reasons]), '');
  }
  const cloud = cloudLines(view.cloud);
  if (cloud.length) out.push('## Entra ID', '', ...cloud.map((l) => (l.startsWith('  ') ? `  - ${mdCell(l.trim())}` : `- ${mdCell(l)}`)), '');
  if (view.errors.length) out.push('## Errors', '', ...view.errors.map((e) => `- ${mdCell(`${e.forest} ${e.domain ?? ''}: ${e.stage}: ${e.message} (${e.code})`)}`), '');
  if (view.attention.length) {
    out.push('## Computers needing attention', '', ...mdTable([['verdict', 'name', 'OU', 'reasons', 'codes'], ...view.attention.map((v) => [v.verdict, v.name ?? '', v.ou, v.reasons.join(', '), v.codes.join(' ')])]));
    if (view.attentionOmitted) out.push('', `… and ${view.attentionOmitted} more.`);
  }
  return `${out.join('\n').trimEnd()}\n`;
}

const htmlTable = (rows: string[][]) =>
  `<table><thead><tr>${(rows[0] ?? []).map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rows.slice(1).map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

function htmlBar(f: ForestCounts): string {
  const r = readiness(f);
  return `<div class="bar" role="img" aria-label="${r.percent}% ready"><span style="width:${r.percent}%"></span></div><p>${escapeHtml(readinessBar(f, 0).replace(/^\[\] /, ''))}</p>`;
}

export function renderInventoryHtml(view: InventoryView): string {
  const parts = [`<h1>Computer inventory</h1><p>${view.summary.total} computer(s) in ${view.summary.forests.length} forest(s).</p>`];
  for (const f of view.summary.forests) {
    parts.push(`<h2>${escapeHtml(f.forest)}</h2>${htmlBar(f)}${htmlTable([ouColumns, ...f.ous.map(ouCells)])}`);
    const reasons = reasonRows(f.byReason);
    if (reasons.length) parts.push(htmlTable([['reason', 'count', 'codes', 'meaning'], ...reasons]));
  }
  const cloud = cloudLines(view.cloud);
  if (cloud.length) parts.push(`<h2>Entra ID</h2><ul>${cloud.map((l) => `<li>${escapeHtml(l.trim())}</li>`).join('')}</ul>`);
  if (view.errors.length) parts.push(`<h2>Errors</h2><ul>${view.errors.map((e) => `<li>${escapeHtml(`${e.forest} ${e.domain ?? ''}: ${e.stage}: ${e.message} (${e.code})`)}</li>`).join('')}</ul>`);
  if (view.attention.length) {
    parts.push(`<h2>Computers needing attention</h2>${htmlTable([['verdict', 'name', 'OU', 'reasons', 'codes'], ...view.attention.map((v) => [v.verdict, v.name ?? '', v.ou, v.reasons.join(', '), v.codes.join(' ')])])}`);
    if (view.attentionOmitted) parts.push(`<p>… and ${view.attentionOmitted} more.</p>`);
  }
  const css = 'body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}.bar{width:30em;height:1em;background:#eee;border:1px solid #999}.bar span{display:block;height:100%;background:#2a2}';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>Computer inventory</title><style>${css}</style></head><body>${parts.join('\n')}</body></html>\n`;
}
