import { describeCode } from '../../codes/lookup.js';
import { sanitizeInline } from '../../util/sanitize.js';
import { NONE, type Bucket, type DsregcmdSummary } from './summary.js';

const MAX_NAMES = 10;

function names(b: Bucket): string {
  const shown = b.devices.slice(0, MAX_NAMES).map(sanitizeInline).join(', ');
  return b.devices.length > MAX_NAMES ? `${shown}, … and ${b.devices.length - MAX_NAMES} more` : shown;
}

function table(title: string, buckets: Record<string, Bucket>, describe?: (key: string) => string): string[] {
  const keys = Object.keys(buckets);
  if (keys.length === 0) return [];
  const width = Math.max(...keys.map((k) => k.length));
  const lines = [title];
  for (const key of keys) {
    const b = buckets[key];
    if (!b) continue;
    const head = `  ${key.padEnd(width)}  ${String(b.count).padStart(5)}  `;
    if (describe && key !== NONE) {
      lines.push(`${head}${describe(key)}`);
      lines.push(`${' '.repeat(head.length)}${names(b)}`);
    } else {
      lines.push(`${head}${names(b)}`);
    }
  }
  return [...lines, ''];
}

/** Plain-text rendering of a (finalised) summary. Pure. */
export function renderSummaryText(s: DsregcmdSummary): string {
  const lines = [`dsregcmd summary: ${s.total} output(s), ${s.parsed} parsed, ${s.errors.length} unreadable`, ''];
  lines.push(...table('Join state', s.byJoinState));
  lines.push(...table('Error phase', s.byErrorPhase));
  lines.push(...table('Client error code', s.byClientErrorCode, describeCode));
  if (s.errors.length > 0) {
    lines.push('Unreadable inputs');
    for (const e of s.errors) lines.push(`  ${sanitizeInline(e.file)}: ${sanitizeInline(e.message)}`);
    lines.push('');
  }
  return lines.join('\n');
}
