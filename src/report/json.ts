import type { Report } from '../engine/report.js';
import { escapeJsonUnsafe } from '../util/sanitize.js';

export function renderJson(report: Report): string {
  return `${escapeJsonUnsafe(JSON.stringify(report, null, 2))}\n`;
}
