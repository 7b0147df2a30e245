import type { ErrorGroup, FleetSummary } from '../engine/fleet-summary.js';
import { escapeHtml } from '../util/sanitize.js';
import { headline, historyLine, noCause, sampleLine, whereOf, type DescribeCode } from './fleet-text.js';

const e = escapeHtml;

const STYLE = `
body{margin:0 auto;max-width:72rem;padding:1.5rem;color:#1f2328;line-height:1.45;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
h2{border-bottom:1px solid #d0d7de;padding-bottom:.25rem;margin-top:2rem}.meta{color:#57606a}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}.devices{color:#57606a;font-size:.85rem}
svg text{font-size:12px;font-family:inherit}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
`;

const COLORS: Record<string, string> = {
  'hybrid-joined': '#1a7f37', 'entra-joined': '#2da44e', 'enterprise-joined': '#4ac26b', 'domain-joined': '#cf222e',
  'entra-registered': '#9a6700', workgroup: '#6e7781', unknown: '#8250df',
};

/** Horizontal bars, one per join state: an inline SVG (no script, no external resource). */
export function stateChart(sum: FleetSummary): string {
  const rows = Object.entries(sum.byJoinState);
  const max = Math.max(1, ...rows.map(([, b]) => b.count));
  const h = 24;
  const bars = rows.map(([state, b], i) => {
    const w = Math.max(1, Math.round((b.count / max) * 420));
    const y = i * h;
    return `<text x="0" y="${y + 16}">${e(state)}</text><rect x="140" y="${y + 4}" width="${w}" height="16" fill="${COLORS[state] ?? '#57606a'}"><title>${e(state)}: ${b.count}</title></rect><text x="${146 + w}" y="${y + 16}">${b.count}</text>`;
  });
  return `<svg role="img" aria-label="Devices by join state" width="640" height="${rows.length * h + 4}" viewBox="0 0 640 ${rows.length * h + 4}">${bars.join('')}</svg>`;
}

function causeRow(g: ErrorGroup, describe: DescribeCode): string {
  const top = g.code.split('/')[0] ?? g.code;
  const why = g.explainedBy === null
    ? '<em>give --report to tie this to the environment</em>'
    : g.explainedBy.length === 0
      ? e(noCause(g))
      : g.explainedBy.map((x) => `<code>${e(x.check)}</code>${x.proxy ? ` via <code>${e(x.proxy)}</code>` : ''} (${x.devices} of ${g.count}): ${e(x.message)}`).join('<br>');
  const proxies = Object.entries(g.proxies).map(([p, n]) => `${e(p)} ${n}`).join(', ');
  return `<tr><td>${e(whereOf(g))}</td><td><code>${e(g.code)}</code><br><small>${/^0x/.test(top) ? e(describe(top)) : ''}</small></td><td>${e(g.errorPhase ?? '')}</td><td class="n">${g.count}</td><td>${why}<div class="devices">SYSTEM proxy: ${proxies || '—'}<br>${e(sampleLine(g.devices, g.count))}</div></td></tr>`;
}

function bucketTable(title: string, buckets: FleetSummary['byJoinState']): string {
  const rows = Object.entries(buckets).map(([k, b]) => `<tr><td><code>${e(k)}</code></td><td class="n">${b.count}</td><td class="devices">${e(sampleLine(b.devices, b.count))}</td></tr>`);
  return `<h2>${e(title)}</h2><table><thead><tr><th>${e(title)}</th><th>devices</th><th>examples</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function unusableList(title: string, count: number, list: FleetSummary['unreadable']): string {
  if (count === 0) return '';
  return `<h2>${e(title)} (${count})</h2><ul>${list.map((u) => `<li><code>${e(u.source)}</code>: ${e(u.message)}</li>`).join('')}</ul>`;
}

/** One self-contained page: headline, chart of devices by state, top causes, the counts. */
export function renderFleetHtml(sum: FleetSummary, describe: DescribeCode, top = 20): string {
  const h = historyLine(sum);
  const env = sum.environment ? `<p class="meta">Environment: <code>${e(sum.environment.source)}</code>, forests ${sum.environment.forests.map(e).join(', ') || 'none'}</p>` : '';
  const causes = sum.errorGroups.slice(0, top).map((g) => causeRow(g, describe)).join('');
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>dsregcmd fleet summary</title><style>${STYLE}</style></head><body>`,
    `<h1>dsregcmd fleet summary</h1><p class="meta">${e(headline(sum))}</p>${h ? `<p class="meta">${e(h)}</p>` : ''}${env}`,
    `<h2>Devices by join state</h2>${stateChart(sum)}`,
    `<h2>Top causes</h2>${causes ? `<table><thead><tr><th>forest</th><th>code</th><th>phase</th><th>devices</th><th>cause</th></tr></thead><tbody>${causes}</tbody></table>` : '<p>No device reports an error.</p>'}`,
    bucketTable('Join state', sum.byJoinState),
    bucketTable('Client error code', sum.byClientErrorCode),
    unusableList('Unreadable inputs', sum.captures.unreadable, sum.unreadable),
    unusableList('Not dsregcmd output', sum.captures.foreign, sum.foreign),
    '</body></html>',
    '',
  ].join('\n');
}
