import type { DeviceRow } from '../engine/fleet-summary.js';
import { sanitizeForTerminal } from '../util/sanitize.js';

/**
 * One CSV cell (RFC 4180 quoting). Values come from device files: a cell that a spreadsheet would run as
 * a formula (starting with = + - @, or a tab/CR before one) gets a leading apostrophe.
 */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let v = sanitizeForTerminal(String(value));
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n']/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const CSV_COLUMNS = ['name', 'domain', 'forest', 'join_state', 'error_phase', 'client_error_code', 'codes', 'system_proxy', 'last_capture', 'captures', 'source', 'cut'] as const;

/** One row per device, newest capture; CRLF line ends (what spreadsheets expect). */
export function renderFleetCsv(rows: Iterable<DeviceRow>): string {
  const out = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    out.push([r.name, r.domain, r.forest, r.joinState, r.errorPhase, r.clientErrorCode, r.codes, r.proxy, r.lastCapture, r.captures, r.source, r.cut ? 'yes' : 'no'].map(csvCell).join(','));
  }
  return `${out.join('\r\n')}\r\n`;
}
