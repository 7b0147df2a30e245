/** Worker thread of `dsregcmd summarize` (see fleet-host.ts): makes the output and posts it, or the error, back. */
import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../../util/errors.js';
import type { DsregcmdSummarizeOptions } from '../commands/options.js';
import { summarizeToText } from './dsregcmd-summarize.js';
import type { HostReply } from './fleet-host.js';

const { args, options } = workerData as { args: string[]; options: DsregcmdSummarizeOptions };
let reply: HostReply;
try {
  reply = { ok: true, text: await summarizeToText(args, options) };
} catch (err) {
  reply = { ok: false, user: err instanceof UserError, message: err instanceof Error ? err.message : String(err), ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) };
}
parentPort?.postMessage(reply);
