import type { ErrorGroup, FleetSummary } from '../engine/fleet-summary.js';
import { sanitizeInline } from '../util/sanitize.js';

/** Pure renderers of a fleet summary. Device names, domains and file names are untrusted: sanitised here. */
export type DescribeCode = (hex: string) => string;

const s = sanitizeInline;

/** `pc1, pc2, … and 1,234 more`: the sample, never the whole fleet. */
export function sampleLine(devices: readonly string[], count: number): string {
  const shown = devices.map(s).join(', ');
  return count > devices.length ? `${shown}, … and ${(count - devices.length).toLocaleString('en-US')} more` : shown;
}

export function headline(sum: FleetSummary): string {
  const c = sum.captures;
  const parts = [`${c.total} input(s)`, `${sum.devices} device(s)`];
  if (c.duplicates > 0) parts.push(`${c.duplicates} older capture(s) of the same devices counted as history`);
  if (c.cut > 0) parts.push(`${c.cut} cut at the export limit`);
  if (c.unreadable > 0) parts.push(`${c.unreadable} unreadable`);
  if (c.foreign > 0) parts.push(`${c.foreign} not dsregcmd output`);
  return parts.join(', ');
}

export function historyLine(sum: FleetSummary): string | null {
  const h = sum.history;
  if (h.devicesWithHistory === 0) return null;
  return `${h.devicesWithHistory} device(s) captured more than once: ${h.improved} improved, ${h.regressed} regressed between their first and last capture.`;
}

function table(title: string, buckets: FleetSummary['byJoinState'], describe?: DescribeCode): string[] {
  const keys = Object.keys(buckets);
  if (keys.length === 0) return [];
  const width = Math.max(...keys.map((k) => k.length));
  const lines = [title];
  for (const key of keys) {
    const b = buckets[key];
    if (!b) continue;
    const head = `  ${key.padEnd(width)}  ${String(b.count).padStart(6)}  `;
    if (describe && key !== 'none') lines.push(`${head}${describe(key)}`, `${' '.repeat(head.length)}${sampleLine(b.devices, b.count)}`);
    else lines.push(`${head}${sampleLine(b.devices, b.count)}`);
  }
  return [...lines, ''];
}

export function whereOf(g: Pick<ErrorGroup, 'forest' | 'domain'>): string {
  return g.forest ?? (g.domain ? `domain ${g.domain}` : 'unknown domain');
}

/** Why a group has no explanation, with a report given. */
export function noCause(g: Pick<ErrorGroup, 'forest'>): string {
  return g.forest === null ? 'the report covers no forest of this domain (only a failing proxy path could explain it)' : 'no failing finding of the report predicts this code here';
}

function groupLines(g: ErrorGroup, describe: DescribeCode): string[] {
  const top = g.code.split('/')[0] ?? g.code;
  const lines = [`  ${s(whereOf(g))}  ${g.code}${g.errorPhase ? ` (${g.errorPhase})` : ''}  ${g.count} device(s)  ${/^0x/.test(top) ? describe(top) : ''}`.trimEnd()];
  const proxies = Object.entries(g.proxies).map(([p, n]) => `${s(p)} ${n}`).join(', ');
  if (proxies) lines.push(`      SYSTEM proxy: ${proxies}`);
  if (g.explainedBy !== null) {
    if (g.explainedBy.length === 0) lines.push(`      ${noCause(g)}`);
    for (const e of g.explainedBy) {
      const subject = [e.forest, e.proxy].filter(Boolean).map((x) => s(String(x))).join(' via ');
      lines.push(`      explained by ${e.check}${subject ? ` (${subject})` : ''} for ${e.devices} of ${g.count}: ${s(e.message)}`);
    }
  }
  lines.push(`      ${sampleLine(g.devices, g.count)}`);
  return lines;
}

function unusable(title: string, count: number, list: FleetSummary['unreadable']): string[] {
  if (count === 0) return [];
  const lines = [`${title} (${count}${count > list.length ? `, first ${list.length} listed` : ''})`];
  for (const u of list) lines.push(`  ${s(u.source)}: ${s(u.message)}`);
  return [...lines, ''];
}

export function renderFleetText(sum: FleetSummary, describe: DescribeCode): string {
  const lines = [`dsregcmd fleet summary: ${headline(sum)}`];
  const h = historyLine(sum);
  if (h) lines.push(h);
  if (sum.environment) lines.push(`Environment: ${s(sum.environment.source)} (forests ${sum.environment.forests.map(s).join(', ') || 'none'}; ${sum.environment.failingFindings} failing finding(s))`);
  lines.push('');
  lines.push(...table('Join state', sum.byJoinState), ...table('Error phase', sum.byErrorPhase), ...table('Client error code', sum.byClientErrorCode, describe));
  if (sum.forests.length > 0) {
    lines.push(sum.environment ? 'By forest' : 'By domain');
    for (const f of sum.forests) {
      const states = Object.entries(f.byJoinState).map(([k, n]) => `${n} ${k}`).join(', ');
      const guess = f.byNetbios > 0 ? ` (${f.byNetbios} matched by NetBIOS name only)` : '';
      lines.push(`  ${s(whereOf(f))}: ${f.devices} device(s), ${states}; ${f.withError} with an error${guess}`);
    }
    lines.push('');
  }
  if (sum.errorGroups.length > 0) {
    lines.push('Errors by cause (largest first)');
    for (const g of sum.errorGroups) lines.push(...groupLines(g, describe));
    if (sum.otherGroups.groups > 0) lines.push(`  … ${sum.otherGroups.groups} smaller group(s) with ${sum.otherGroups.devices} device(s)`);
    lines.push('');
  }
  lines.push(...unusable('Unreadable inputs', sum.captures.unreadable, sum.unreadable), ...unusable('Not dsregcmd output', sum.captures.foreign, sum.foreign));
  return `${lines.join('\n').trimEnd()}\n`;
}
