/**
 * The reporter map: format name → renderer (pure: Report → string). Every command that prints a
 * report goes through renderReport; the map's type makes it cover every name in REPORT_FORMATS.
 */
import { lookupCode } from '../codes/lookup.js';
import type { Report } from '../engine/report.js';
import type { ReportFormat } from './formats.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderText } from './text.js';

export { REPORT_FORMATS, type ReportFormat } from './formats.js';

export interface ReportOptions {
  /** ANSI colour (text on a terminal only; the CLI decides). */
  color: boolean;
  /** Text: also list passed and skipped findings. */
  verbose: boolean;
}

export type Reporter = (report: Report, options: ReportOptions) => string;

const codeName = (hex: string) => lookupCode(hex)?.name ?? undefined;

export const REPORTERS: Readonly<Record<ReportFormat, Reporter>> = {
  text: (report, o) => renderText(report, { color: o.color, verbose: o.verbose, codeName }),
  json: (report) => renderJson(report),
  html: (report) => renderHtml(report, { lookupCode }),
  markdown: (report) => renderMarkdown(report, { lookupCode }),
};

export function renderReport(report: Report, format: ReportFormat, options: ReportOptions): string {
  return REPORTERS[format](report, options);
}
