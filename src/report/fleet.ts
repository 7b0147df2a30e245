/**
 * The fleet-summary reporter map (`dsregcmd summarize --format`): format name → renderer. Pure; the
 * csv format is one row per device, the others render the summary.
 */
import { describeCode } from '../codes/lookup.js';
import type { DeviceRow, FleetSummary } from '../engine/fleet-summary.js';
import { escapeJsonUnsafe } from '../util/sanitize.js';
import { renderFleetCsv } from './fleet-csv.js';
import { renderFleetHtml } from './fleet-html.js';
import { renderFleetMarkdown } from './fleet-markdown.js';
import { renderFleetText } from './fleet-text.js';

import type { FleetFormat } from './fleet-formats.js';

export { FLEET_FORMATS, type FleetFormat } from './fleet-formats.js';

export type FleetReporter = (summary: FleetSummary, rows: () => Iterable<DeviceRow>) => string;

export const FLEET_REPORTERS: Readonly<Record<FleetFormat, FleetReporter>> = {
  text: (s) => renderFleetText(s, describeCode),
  json: (s) => `${escapeJsonUnsafe(JSON.stringify(s, null, 2))}\n`,
  csv: (_s, rows) => renderFleetCsv(rows()),
  html: (s) => renderFleetHtml(s, describeCode),
  markdown: (s) => renderFleetMarkdown(s, describeCode),
};
