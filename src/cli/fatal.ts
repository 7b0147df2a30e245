import { UserError } from '../util/errors.js';
import { sanitizeForTerminal } from '../util/sanitize.js';
import { redactSecrets } from '../util/secrets.js';

/** Prints one clear line for any error that escaped a command (a stack trace only with --debug). Returns the exit code. */
export function reportFatal(err: unknown, debug: boolean): number {
  if (err instanceof UserError) {
    process.stderr.write(`haadj-preflight: ${sanitizeForTerminal(redactSecrets(err.message))}\n`);
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`haadj-preflight: internal error: ${sanitizeForTerminal(redactSecrets(message))}\n`);
    if (!debug) process.stderr.write('(run again with --debug for details)\n');
  }
  if (debug && err instanceof Error && err.stack) process.stderr.write(`${redactSecrets(err.stack)}\n`);
  return 2;
}
