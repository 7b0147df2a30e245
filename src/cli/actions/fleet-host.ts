import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../util/errors.js';
import type { DsregcmdSummarizeOptions } from '../commands/options.js';

/**
 * `dsregcmd summarize` from the command line runs in one worker thread whose young generation is capped
 * (a resource limit Node sets when it creates the thread). The parse allocates fast and the fleet keeps
 * what survives; on the main thread V8 answers that by growing its young generation to 2 × 16 MiB, and the
 * peak RSS grows with the number of files although the live data does not. The parse workers it starts
 * (fleet-input.ts) get the same cap. The main thread only waits and writes the output.
 */
export const HOST_YOUNG_GENERATION_MB = 8;

export type HostReply = { ok: true; text: string } | { ok: false; user: boolean; message: string; stack?: string };

/** The rendered output, made in the capped worker; null when it cannot be used (source tree, HAADJ_FLEET_SMALL_HEAP=0). */
export function summarizeInWorker(args: readonly string[], options: DsregcmdSummarizeOptions): Promise<string> | null {
  const url = new URL('./fleet-host-worker.js', import.meta.url);
  if (process.env['HAADJ_FLEET_SMALL_HEAP'] === '0' || !existsSync(fileURLToPath(url))) return null;
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
