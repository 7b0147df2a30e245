import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parse as parseCsv } from 'csv-parse';
import yauzl from 'yauzl';
import { isDsregcmdCapture, toCapture } from '../../derived/dsregcmd/capture.js';
import { parseDsregcmdStatus } from '../../derived/dsregcmd/parse.js';
import { unfoldCapture } from '../../derived/dsregcmd/unfold.js';
import { MAX_INPUT_BYTES } from './dsregcmd-input.js';
import { addCaptureBytes, addTextFile, fsMessage, type IngestContext } from './fleet-read.js';
import type { WorkerResult } from './fleet-worker.js';

export type { IngestContext } from './fleet-read.js';

/** Bounds for archives (zip bombs): entries looked at, and bytes inflated over the whole archive. */
export const MAX_ZIP_ENTRIES = 200_000;
export const MAX_ZIP_BYTES = 4 * 1024 ** 3;
/** Largest CSV export read (it is streamed; the bound is on time, not memory). */
export const MAX_CSV_BYTES = 2 * 1024 ** 3;
/** Rows of a CSV export looked at. */
export const MAX_CSV_ROWS = 1_000_000;

type Kind = 'zip' | 'csv' | 'text';
function kindOf(path: string): Kind {
  const ext = extname(path).toLowerCase();
  return ext === '.zip' ? 'zip' : ext === '.csv' ? 'csv' : 'text';
}

const CHUNK = 200;
/** Chunks handed to each worker ahead, so it never waits for the main thread between two. */
const IN_FLIGHT = 2;
/** Young generation of each worker: the parser's garbage dies young, so a small one keeps RSS flat (see fleet-worker.ts). */
export const WORKER_YOUNG_GENERATION_MB = 8;

/** The text files, parsed by `workers` threads handed CHUNK files at a time; results land in the fleet as they come. */
async function addTextFilesInWorkers(ctx: IngestContext, files: readonly string[], workers: number): Promise<void> {
  let next = 0;
  const run = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      let pending = 0;
      const feed = () => {
        while (pending < IN_FLIGHT && next < files.length) {
          worker.postMessage(files.slice(next, (next += CHUNK)));
          pending++;
        }
        if (pending === 0) {
          worker.postMessage(null);
          resolve();
        }
      };
      worker.on('message', (results: WorkerResult[]) => {
        pending--;
        for (const r of results) {
          if (r.kind === 'capture') ctx.fleet.add(r.capture);
          else if (r.kind === 'unreadable') ctx.fleet.addUnreadable(r.source, r.message);
          else ctx.fleet.addForeign(r.source, r.message);
        }
        feed();
      });
      worker.on('error', reject);
      feed();
    });
  const pool = Array.from(
    { length: workers },
    () => new Worker(new URL('./fleet-worker.js', import.meta.url), { workerData: { decode: ctx.decode }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }),
  );
  try {
    await Promise.all(pool.map(run));
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}

/** Folders with fewer text files than this are parsed on the main thread (starting a worker costs ~30 ms). */
export const MIN_FILES_FOR_WORKERS = 2 * CHUNK;
/** More threads than this gain nothing: the main thread's share (receiving and keeping captures) becomes the limit. */
const MAX_DEFAULT_WORKERS = 4;

/**
 * Worker threads for the text files: for folders of MIN_FILES_FOR_WORKERS files or more, one per CPU (at
 * most 4), and one even on a single CPU: the parse allocates fast, and a worker's capped young generation
 * keeps the peak RSS flat in the number of files (~20 MiB per worker, constant). The main thread only keeps
 * the fleet. HAADJ_FLEET_WORKERS=N (0–16) overrides; 0 parses in the thread that keeps the fleet.
 */
export function workersFor(count: number, cpus = availableParallelism()): number {
  if (count < MIN_FILES_FOR_WORKERS) return 0;
  const forced = process.env['HAADJ_FLEET_WORKERS'];
  if (forced !== undefined && /^\d{1,2}$/.test(forced)) return Math.min(Number(forced), 16);
  return Math.max(1, Math.min(cpus, MAX_DEFAULT_WORKERS));
}

async function addFiles(ctx: IngestContext, paths: readonly string[]): Promise<void> {
  const text = paths.filter((p) => kindOf(p) === 'text');
  const workers = workersFor(text.length);
  if (workers > 0 && existsSync(fileURLToPath(new URL('./fleet-worker.js', import.meta.url)))) await addTextFilesInWorkers(ctx, text, workers);
  else for (const p of text) addTextFile(ctx, p);
  for (const p of paths) {
    const kind = kindOf(p);
    if (kind === 'zip') await addZip(ctx, p);
    else if (kind === 'csv') await addCsv(ctx, p);
  }
}

/**
 * Every argument: a directory contributes its regular, non-hidden files (not recursive), in name
 * order; a `.zip` its entries; a `.csv` its rows. Nothing here throws for a bad input: it is counted
 * and listed as unreadable.
 */
export async function ingest(ctx: IngestContext, args: readonly string[]): Promise<void> {
  const paths: string[] = [];
  for (const arg of args) {
    try {
      if (!statSync(arg).isDirectory()) {
        paths.push(arg);
        continue;
      }
      const names = readdirSync(arg, { withFileTypes: true }).filter((d) => !d.name.startsWith('.') && (d.isFile() || d.isSymbolicLink()));
      for (const d of names.map((n) => n.name).sort()) paths.push(join(arg, d));
    } catch (err) {
      ctx.fleet.addUnreadable(arg, fsMessage(err));
    }
  }
  await addFiles(ctx, paths);
}

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
async function addZip(ctx: IngestContext, path: string): Promise<void> {
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
async function addCsv(ctx: IngestContext, path: string): Promise<void> {
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
  const status = parseDsregcmdStatus(text);
  if (!isDsregcmdCapture(status)) ctx.fleet.addForeign(source, 'the row\'s output holds no join state or diagnostics');
  else ctx.fleet.add(toCapture(status, { source, fallbackName: device || `row-${source.slice(source.lastIndexOf('#') + 1)}`, fileTime, cut }));
}
