/**
 * The two archive inputs of `dsregcmd summarize`: a zip of captures and a CSV export with one capture per row.
 * Loaded only when such a file is given (yauzl and csv-parse are not needed for a folder of text files).
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import yauzl from 'yauzl';
import { captureOfText } from '../../derived/dsregcmd/capture.js';
import { unfoldCapture } from '../../derived/dsregcmd/unfold.js';
import { MAX_INPUT_BYTES } from './dsregcmd-input.js';
import { fsMessage } from '../../util/fs-errors.js';
import type { IngestContext } from './fleet-input.js';
import { addCaptureBytes } from './fleet-read.js';

/** Bounds for archives (zip bombs): entries looked at, and bytes inflated over the whole archive. */
export const MAX_ZIP_ENTRIES = 200_000;
export const MAX_ZIP_BYTES = 4 * 1024 ** 3;
/** Largest CSV export read (it is streamed; the bound is on time, not memory). */
export const MAX_CSV_BYTES = 2 * 1024 ** 3;
/** Rows of a CSV export looked at. */
export const MAX_CSV_ROWS = 1_000_000;

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) return reject(err);
      const chunks: Buffer[] = [];
      let n = 0;
      stream.on('data', (c: Buffer) => {
        n += c.length;
        if (n > MAX_INPUT_BYTES) stream.destroy(new Error(`larger than ${MAX_INPUT_BYTES} bytes`));
        else chunks.push(c);
      });
      stream.on('error', reject);
      stream.on('end', () => resolve(Buffer.concat(chunks)));
    });
  });
}

/** A zip of captures, read in memory entry by entry (nothing is written to disk), within the bounds above. */
export async function addZip(ctx: IngestContext, path: string): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(path);
  } catch (err) {
    ctx.fleet.addUnreadable(path, `not a readable zip: ${fsMessage(err)}`);
    return;
  }
  let entries = 0;
  let inflated = 0;
  await new Promise<void>((resolve) => {
    const stop = (message: string) => {
      ctx.fleet.addUnreadable(path, message);
      zip.close();
      resolve();
    };
    zip.on('error', (err) => stop(`zip error: ${fsMessage(err)}`));
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      void (async () => {
        const name = `${path}!${entry.fileName}`;
        if (++entries > MAX_ZIP_ENTRIES) return stop(`more than ${MAX_ZIP_ENTRIES} entries: the rest was not read`);
        if (entry.fileName.endsWith('/') || basename(entry.fileName).startsWith('.')) return zip.readEntry();
        if (entry.uncompressedSize > MAX_INPUT_BYTES) ctx.fleet.addUnreadable(name, `larger than ${MAX_INPUT_BYTES} bytes`);
        else if ((inflated += entry.uncompressedSize) > MAX_ZIP_BYTES) return stop(`more than ${MAX_ZIP_BYTES} bytes uncompressed: the rest was not read`);
        else {
          try {
            const bytes = await readEntry(zip, entry);
            addCaptureBytes(ctx, bytes, { source: name, fallbackName: basename(entry.fileName), fileTime: entry.getLastModDate().getTime() });
          } catch (err) {
            ctx.fleet.addUnreadable(name, fsMessage(err));
          }
        }
        zip.readEntry();
      })();
    });
    zip.readEntry();
  });
}

const OUTPUT_HEADER = /output/i;
const DEVICE_HEADER = /^(device ?name|computer ?name|hostname|device)$/i;
const LOOKS_LIKE_CAPTURE = /AzureAdJoined|DomainJoined|Diagnostic Data|Client ErrorCode/;

/** The column holding the capture: a header naming an output (Intune: "Pre-remediation detection output"), else the first whose value looks like one. */
function pickColumns(header: string[], row: string[]): { text: number; device: number } | null {
  const looks = (i: number) => LOOKS_LIKE_CAPTURE.test(row[i] ?? '');
  const named = header.findIndex((h, i) => OUTPUT_HEADER.test(h) && looks(i));
  const text = named >= 0 ? named : row.findIndex((_, i) => looks(i));
  if (text < 0) return null;
  return { text, device: header.findIndex((h) => DEVICE_HEADER.test(h.trim())) };
}

/** A CSV export, one capture per row, streamed (csv-parse). Rows without a capture are counted as foreign. */
export async function addCsv(ctx: IngestContext, path: string): Promise<void> {
  let mtime = 0;
  try {
    const st = statSync(path);
    if (st.size > MAX_CSV_BYTES) return ctx.fleet.addUnreadable(path, `larger than ${MAX_CSV_BYTES} bytes`);
    mtime = st.mtimeMs;
  } catch (err) {
    return ctx.fleet.addUnreadable(path, fsMessage(err));
  }
  const parser = createReadStream(path).pipe(parseCsv({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, max_record_size: 1024 * 1024 }));
  let header: string[] | null = null;
  let cols: { text: number; device: number } | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (header === null) {
        header = record;
        continue;
      }
      if (++row > MAX_CSV_ROWS) {
        ctx.fleet.addUnreadable(path, `more than ${MAX_CSV_ROWS} rows: the rest was not read`);
        break;
      }
      cols ??= pickColumns(header, record);
      addCsvRow(ctx, `${path}#${row + 1}`, record, cols, mtime);
    }
  } catch (err) {
    ctx.fleet.addUnreadable(path, `CSV: ${fsMessage(err)}`);
  }
}

function addCsvRow(ctx: IngestContext, source: string, record: string[], cols: { text: number; device: number } | null, fileTime: number): void {
  const raw = cols === null ? undefined : record[cols.text];
  if (raw === undefined || !LOOKS_LIKE_CAPTURE.test(raw)) {
    ctx.fleet.addForeign(source, 'no dsregcmd /status output in this row');
    return;
  }
  const device = cols !== null && cols.device >= 0 ? (record[cols.device] ?? '').trim() : '';
  const { text, cut } = unfoldCapture(raw);
  const capture = captureOfText(text, { source, fallbackName: device || `row-${source.slice(source.lastIndexOf('#') + 1)}`, fileTime, cut });
  if (capture === null) ctx.fleet.addForeign(source, 'the row\'s output holds no join state or diagnostics');
  else ctx.fleet.add(capture);
}
