import type { FleetSummary } from '../engine/fleet-summary.js';
import { headline, historyLine, noCause, sampleLine, whereOf, type DescribeCode } from './fleet-text.js';
import { mdEscape } from './markdown.js';

const m = mdEscape;

/** Markdown for a ticket or wiki: counts, then causes with the findings that explain them. */
export function renderFleetMarkdown(sum: FleetSummary, describe: DescribeCode): string {
  const lines = ['# dsregcmd fleet summary', '', m(headline(sum))];
  const h = historyLine(sum);
  if (h) lines.push('', m(h));
  if (sum.environment) lines.push('', `Environment: ${m(sum.environment.source)} (forests ${sum.environment.forests.map(m).join(', ') || 'none'})`);
  lines.push('', '## Join state', '', '| state | devices | examples |', '|---|---:|---|');
  for (const [k, b] of Object.entries(sum.byJoinState)) lines.push(`| ${m(k)} | ${b.count} | ${m(sampleLine(b.devices, b.count))} |`);
  if (sum.errorGroups.length > 0) {
    lines.push('', '## Errors by cause', '', '| forest | code | phase | devices | cause |', '|---|---|---|---:|---|');
    for (const g of sum.errorGroups) {
      const top = g.code.split('/')[0] ?? g.code;
      const why = g.explainedBy === null ? '' : g.explainedBy.length === 0 ? m(noCause(g)) : g.explainedBy.map((x) => `${m(x.check)}${x.proxy ? ` via ${m(x.proxy)}` : ''} (${x.devices}): ${m(x.message)}`).join('<br>');
      lines.push(`| ${m(whereOf(g))} | ${m(g.code)}${/^0x/.test(top) ? ` ${m(describe(top))}` : ''} | ${m(g.errorPhase ?? '')} | ${g.count} | ${why} |`);
    }
  }
  const bad = [...sum.unreadable.map((u) => ['unreadable', u] as const), ...sum.foreign.map((u) => ['not dsregcmd output', u] as const)];
  if (bad.length > 0) {
    lines.push('', `## Inputs not used (${sum.captures.unreadable} unreadable, ${sum.captures.foreign} not dsregcmd output)`, '');
    for (const [why, u] of bad) lines.push(`- ${why}: ${m(u.source)}: ${m(u.message)}`);
  }
  return `${lines.join('\n')}\n`;
}
