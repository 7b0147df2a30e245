import { readdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parseDsregcmdBytes } from '../../derived/dsregcmd/parse.js';
import type { DecodeOptions } from '../../derived/windows-text.js';
import { addErrorToSummary, addToSummary, emptySummary, finalizeSummary, type DsregcmdSummary } from '../../derived/dsregcmd/summary.js';
import { renderSummaryText } from '../../derived/dsregcmd/summary-text.js';
import { UserError } from '../../util/errors.js';
import { escapeJsonUnsafe, sanitizeInline } from '../../util/sanitize.js';
import { decodeOptionsFrom, readBoundedFile } from './dsregcmd-input.js';
import { SUMMARY_FORMATS, type DsregcmdSummarizeOptions, type SummaryFormat } from '../commands/options.js';

export const DEFAULT_CONCURRENCY = 8;

/** Device name: the "Device Name" field when printed, else the file name without its extension. */
export function deviceNameFor(file: string, deviceName: string | null): string {
  if (deviceName) return deviceName;
  const base = basename(file);
  const ext = extname(base);
  return ext && ext !== base ? base.slice(0, -ext.length) : base;
}

/**
 * Arguments → the list of files to read. A directory contributes its regular, non-hidden files
 * (not recursive); a path that cannot be used becomes an error entry, not an exception.
 */
export async function expandInputs(args: string[]): Promise<{ files: string[]; errors: Array<{ file: string; message: string }> }> {
  const files: string[] = [];
  const errors: Array<{ file: string; message: string }> = [];
  for (const arg of args) {
    try {
      const st = await stat(arg);
      if (st.isDirectory()) {
        const entries = await readdir(arg, { withFileTypes: true });
        for (const e of entries.filter((d) => d.isFile() && !d.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1))) {
          files.push(join(arg, e.name));
        }
      } else {
        files.push(arg);
      }
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      errors.push({ file: arg, message: code === 'ENOENT' ? 'no such file or directory' : err instanceof Error ? err.message : String(err) });
    }
  }
  return { files, errors };
}

/**
 * Reads, parses and reduces the files with bounded concurrency. Each text is dropped as soon as
 * it is parsed, so memory does not grow with the number of files beyond the summary itself.
 */
export async function summarizeFiles(files: string[], concurrency = DEFAULT_CONCURRENCY, decode: DecodeOptions = {}): Promise<DsregcmdSummary> {
  let summary = emptySummary();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      if (file === undefined) return;
      try {
        const bytes = await readBoundedFile(file);
        const parsed = parseDsregcmdBytes(bytes, decode);
        summary = addToSummary(summary, deviceNameFor(file, parsed.deviceName), parsed);
      } catch (err) {
        summary = addErrorToSummary(summary, file, err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, files.length)) }, worker));
  return summary;
}

/** Expands, reads and reduces; the result is finalised (deterministic order). */
export async function buildSummary(args: string[], concurrency = DEFAULT_CONCURRENCY): Promise<DsregcmdSummary> {
  const { files, errors } = await expandInputs(args);
  let summary = await summarizeFiles(files, concurrency);
  for (const e of errors) summary = addErrorToSummary(summary, e.file, e.message);
  return finalizeSummary(summary);
}

/** commander checks `--format` against SUMMARY_FORMATS; a direct caller gets the same one-line error. */
function summaryFormat(format: string | undefined): SummaryFormat {
  const found = SUMMARY_FORMATS.find((f) => f === (format ?? 'text'));
  if (found === undefined) throw new UserError(`unknown --format "${sanitizeInline(String(format))}" (use ${SUMMARY_FORMATS.join(' or ')})`);
  return found;
}

/** `dsregcmd summarize DIR|FILES... [--format text|json] [--encoding NAME]`. Nothing readable at all is a usage error (exit 2). */
export async function runDsregcmdSummarize(args: string[], options: DsregcmdSummarizeOptions): Promise<void> {
  const format = summaryFormat(options.format);
  const decode = decodeOptionsFrom(options);
  if (args.length === 0) throw new UserError('give a directory or one or more files with dsregcmd /status output');
  const { files, errors } = await expandInputs(args);
  if (files.length === 0) {
    const why = errors.length > 0 ? errors.map((e) => `${sanitizeInline(e.file)}: ${e.message}`).join('; ') : 'no files found';
    throw new UserError(`nothing to summarize (${why})`);
  }
  let summary = await summarizeFiles(files, DEFAULT_CONCURRENCY, decode);
  for (const e of errors) summary = addErrorToSummary(summary, e.file, e.message);
  summary = finalizeSummary(summary);
  process.stdout.write(format === 'json' ? `${escapeJsonUnsafe(JSON.stringify(summary, null, 2))}\n` : renderSummaryText(summary));
  process.exitCode = 0;
}
