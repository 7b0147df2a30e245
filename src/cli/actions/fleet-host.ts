import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../util/errors.js';
import type { DsregcmdSummarizeOptions } from '../commands/options.js';
import { parsingTakesEveryCpu } from './fleet-input.js';

/**
 * `dsregcmd summarize` from the command line runs in one worker thread whose young generation is capped
 * (a resource limit Node sets when it creates the thread). That thread parses its share, keeps the fleet and
 * receives the other parse workers' captures (fleet-input.ts). On the main thread V8 grows its young generation
 * to 2 × 16 MiB as the received captures survive, and a run-time flag for its growth factor
 * (--semi-space-growth-factor=1, tried) does not hold once workers exist: measured, the peak RSS grew by 26 MiB
 * between 5,000 and 20,000 files on the main thread and by 13 MiB here. The main thread only waits and writes the output; this costs one more thread start (~0.1 s).
 */
export const HOST_YOUNG_GENERATION_MB = 8;

export type HostReply = { ok: true; text: string } | { ok: false; user: boolean; message: string; stack?: string };

/**
 * V8 settings for the parse threads: TurboFan compiles hot code on the thread that runs it, and a scavenge runs on
 * the thread that allocates. By default both go to V8's background threads, which, when the parse threads already
 * take every CPU, compete with them for the same CPUs: the parse threads then run slow code longer while its
 * optimized version waits. Measured on 2 CPUs, 20,000 files: about 10 % less CPU and wall time (the figures are in
 * docs/performance.md). With CPUs to spare, V8's defaults stay. The flags are process-wide and read when a thread starts
 * (compiler) or at each scavenge, so they are set before the host worker exists; only `summarize` from the
 * command line sets them, and the process runs nothing else. V8 prints an error for a flag it does not know:
 * both are checked on V8 11.3 (Node 20) and 13.6 (Node 24), and later versions keep the defaults.
 */
export const PARSE_V8_FLAGS = '--no-concurrent-recompilation --no-parallel-scavenge';

function tuneV8ForParsing(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 13 && parsingTakesEveryCpu()) setFlagsFromString(PARSE_V8_FLAGS);
}

/** The rendered output, made in the capped worker; null when it cannot be used (source tree, HAADJ_FLEET_SMALL_HEAP=0). */
export function summarizeInWorker(args: readonly string[], options: DsregcmdSummarizeOptions): Promise<string> | null {
  const url = new URL('./fleet-host-worker.js', import.meta.url);
  if (process.env['HAADJ_FLEET_SMALL_HEAP'] === '0' || !existsSync(fileURLToPath(url))) return null;
  tuneV8ForParsing();
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: { args: [...args], options: { ...options } }, resourceLimits: { maxYoungGenerationSizeMb: HOST_YOUNG_GENERATION_MB } });
    let answered = false;
    worker.once('message', (reply: HostReply) => {
      answered = true;
      if (reply.ok) resolve(reply.text);
      else reject(reply.user ? new UserError(reply.message) : Object.assign(new Error(reply.message), { stack: reply.stack }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the summarize worker stopped (exit code ${code}) without an answer`));
    });
  });
}
