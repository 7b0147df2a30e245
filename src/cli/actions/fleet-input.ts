import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { join, sep } from 'node:path';
import { unpackCapture } from '../../derived/dsregcmd/capture-packed.js';
import type { Fleet } from '../../derived/dsregcmd/fleet.js';
import type { DecodeOptions } from '../../derived/windows-text.js';
import { fsMessage } from '../../util/fs-errors.js';
import type { WorkerResult } from './fleet-worker.js';

/**
 * What `dsregcmd summarize` reads: folders, text files, zips and CSV exports. The thread that keeps the fleet
 * (the host worker from the command line, fleet-host.ts) lists the inputs and shares the text files with parse
 * workers; the parser itself (fleet-read.ts) and the archive readers (fleet-archives.ts) are loaded only when
 * this thread needs them, so the workers start sooner.
 */
export interface IngestContext {
  fleet: Fleet;
  decode: DecodeOptions;
}

type Kind = 'zip' | 'csv' | 'text';
function kindOf(path: string): Kind {
  const ext = path.length > 4 ? path.slice(-4).toLowerCase() : '';
  return ext === '.zip' ? 'zip' : ext === '.csv' ? 'csv' : 'text';
}

const CHUNK = 200;
/** Chunks handed to each worker ahead, so it never waits for the main thread between two. */
const IN_FLIGHT = 2;
/** Young generation of each worker: the parser's garbage dies young, so a small one keeps RSS flat (see fleet-worker.ts). */
export const WORKER_YOUNG_GENERATION_MB = 8;

type Take = () => string[] | null;

let parserModule: Promise<typeof import('./fleet-read.js')> | undefined;
/** The parser, loaded once: ingest starts loading it before it lists the inputs (its files are read meanwhile). */
function parser(): Promise<typeof import('./fleet-read.js')> {
  return (parserModule ??= import('./fleet-read.js'));
}

/** One worker's share: CHUNK files at a time, IN_FLIGHT ahead; its results land in the fleet as they come. */
function runWorker(ctx: IngestContext, worker: Worker, take: Take): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let pending = 0;
    const feed = () => {
      while (pending < IN_FLIGHT) {
        const chunk = take();
        if (chunk === null) break;
        worker.postMessage(chunk);
        pending++;
      }
      if (pending === 0) resolve();
    };
    worker.on('message', (results: WorkerResult[]) => {
      pending--;
      for (const r of results) {
        if (Array.isArray(r)) ctx.fleet.add(unpackCapture(r));
        else if (r.kind === 'unreadable') ctx.fleet.addUnreadable(r.source, r.message);
        else ctx.fleet.addForeign(r.source, r.message);
      }
      feed();
    });
    worker.on('error', reject);
    // a worker that stops on its own (it never does when healthy) must not leave its chunks waiting for ever
    worker.on('exit', (code) => {
      if (pending > 0) reject(new Error(`a parse worker stopped (exit code ${code}) with ${pending} chunk(s) unanswered`));
    });
    feed();
  });
}

/** This thread's share: a chunk at a time, letting the workers' results in between two. */
async function runHere(ctx: IngestContext, take: Take): Promise<void> {
  const { addTextFile } = await parser();
  for (let chunk = take(); chunk !== null; chunk = take()) {
    for (const f of chunk) addTextFile(ctx, f);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** `count` parse workers (none from the source tree, where there is no built worker). */
function startWorkers(count: number, decode: DecodeOptions): Worker[] {
  const url = new URL('./fleet-worker.js', import.meta.url);
  if (count <= 0 || !existsSync(fileURLToPath(url))) return [];
  return Array.from({ length: count }, () => new Worker(url, { workerData: { decode }, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } }));
}

/** Idle by now: nothing waits for them to stop (~10 ms), and a thread that has not stopped does not keep the process. */
function stopWorkers(workers: readonly Worker[]): void {
  for (const w of workers) {
    w.unref();
    void w.terminate();
  }
}

/**
 * The text files, parsed here and by the workers, CHUNK files at a time from one queue (the fleet does not
 * depend on the order). The workers get their first chunks first; this thread parses meanwhile.
 */
async function addTextFiles(ctx: IngestContext, files: readonly string[], pool: readonly Worker[]): Promise<void> {
  let next = 0;
  const take: Take = () => (next < files.length ? files.slice(next, (next += CHUNK)) : null);
  await Promise.all([runHere(ctx, take), ...pool.map((w) => runWorker(ctx, w, take))]);
}

/** Folders with fewer text files than this are parsed on this thread alone (starting a worker costs ~30 ms). */
export const MIN_FILES_FOR_WORKERS = 2 * CHUNK;
/** More threads than this gain nothing: the fleet's own thread becomes the limit. */
const MAX_DEFAULT_WORKERS = 3;

/**
 * Worker threads that parse beside this one: for folders of MIN_FILES_FOR_WORKERS files or more, one per
 * further CPU (at most 3; none on a single CPU). Each has a capped young generation and costs ~20 MiB of
 * RSS, a constant. HAADJ_FLEET_WORKERS=N (0–16) overrides; 0 parses on this thread only.
 */
export function workersFor(count: number, cpus = availableParallelism()): number {
  if (count < MIN_FILES_FOR_WORKERS) return 0;
  const forced = process.env['HAADJ_FLEET_WORKERS'];
  if (forced !== undefined && /^\d{1,2}$/.test(forced)) return Math.min(Number(forced), 16);
  return Math.max(0, Math.min(cpus - 1, MAX_DEFAULT_WORKERS));
}

/** True when the fleet's thread and its default workers take every CPU (then nothing else has one to spare). */
export function parsingTakesEveryCpu(cpus = availableParallelism()): boolean {
  return cpus <= MAX_DEFAULT_WORKERS + 1;
}

/** `early`: workers started before the listing was done; the ones the text files do not need are stopped unused. */
async function addFiles(ctx: IngestContext, paths: readonly string[], early: readonly Worker[]): Promise<void> {
  const kinds = paths.map(kindOf);
  const text = paths.filter((_, i) => kinds[i] === 'text');
  const wanted = workersFor(text.length);
  stopWorkers(early.slice(wanted));
  const pool = [...early.slice(0, wanted), ...startWorkers(wanted - early.length, ctx.decode)];
  try {
    if (text.length > 0) await addTextFiles(ctx, text, pool);
  } finally {
    stopWorkers(pool);
  }
  if (!kinds.some((k) => k !== 'text')) return;
  const { addCsv, addZip } = await import('./fleet-archives.js');
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i] as string;
    if (kinds[i] === 'zip') await addZip(ctx, p);
    else if (kinds[i] === 'csv') await addCsv(ctx, p);
  }
}

/**
 * Every argument: a directory contributes its regular, non-hidden files (not recursive), in name
 * order; a `.zip` its entries; a `.csv` its rows. Nothing here throws for a bad input: it is counted
 * and listed as unreadable.
 */
export async function ingest(ctx: IngestContext, args: readonly string[]): Promise<void> {
  void parser().catch(() => undefined); // awaited (and its error seen) where it is used
  const paths: string[] = [];
  let early: Worker[] = [];
  for (const arg of args) {
    try {
      if (!statSync(arg).isDirectory()) {
        paths.push(arg);
        continue;
      }
      // a folder of captures usually needs the workers: they start while it is listed (~40 ms each way)
      if (early.length === 0) early = startWorkers(workersFor(MIN_FILES_FOR_WORKERS), ctx.decode);
      const names = readdirSync(arg, { withFileTypes: true }).filter((d) => !d.name.startsWith('.') && (d.isFile() || d.isSymbolicLink()));
      const dir = join(arg, sep); // normalized, with one separator at the end: cheaper than join() per file
      for (const d of names.map((n) => n.name).sort()) paths.push(dir + d);
    } catch (err) {
      ctx.fleet.addUnreadable(arg, fsMessage(err));
    }
  }
  await addFiles(ctx, paths, early);
}

