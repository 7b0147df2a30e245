import { writeFile } from 'node:fs/promises';
import type { Report } from '../engine/report.js';
import type { OutputOptions } from './commands/options.js';
import { renderReport, type ReportFormat } from '../report/index.js';
import { UserError } from '../util/errors.js';
import { redactSecrets } from '../util/secrets.js';

/** Writes a report or bundle to a file or stdout, after a last pass that removes any known secret. */
export async function writeOutput(text: string, file: string | undefined): Promise<void> {
  const safe = redactSecrets(text);
  if (!file) {
    process.stdout.write(safe);
    return;
  }
  try {
    await writeFile(file, safe, { mode: 0o644 });
  } catch (err) {
    throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Colour only for text on a terminal, never into a file, and never with NO_COLOR set. */
export function shouldColor(opts: OutputOptions): boolean {
  return (opts.format ?? 'text') === 'text' && typeof opts.output !== 'string' && Boolean(process.stdout.isTTY) && !process.env['NO_COLOR'];
}

/** The report in the format the command's options ask for, through the reporter map. */
export function renderFor(report: Report, opts: OutputOptions): string {
  const format = (opts.format ?? 'text') as ReportFormat; // commander's choices come from REPORT_FORMATS
  return renderReport(report, format, { color: shouldColor(opts), verbose: Boolean(opts.verbose) });
}
