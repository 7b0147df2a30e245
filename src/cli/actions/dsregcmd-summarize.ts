import { Fleet } from '../../derived/dsregcmd/fleet.js';
import type { DecodeOptions } from '../../derived/windows-text.js';
import type { Environment } from '../../engine/fleet-environment.js';
import { deviceRows, summarizeFleet, type FleetSummary } from '../../engine/fleet-summary.js';
import { FLEET_FORMATS, FLEET_REPORTERS, type FleetFormat } from '../../report/fleet.js';
import { UserError } from '../../util/errors.js';
import { sanitizeInline } from '../../util/sanitize.js';
import type { DsregcmdSummarizeOptions } from '../commands/options.js';
import { writeOutput } from '../output.js';
import { decodeOptionsFrom } from './dsregcmd-input.js';
import { ingest } from './fleet-input.js';

/** Reads every input into a fleet (newest capture per device). Bad inputs are counted, never thrown. */
export async function buildFleet(args: readonly string[], decode: DecodeOptions = {}): Promise<Fleet> {
  const fleet = new Fleet();
  await ingest({ fleet, decode }, args);
  return fleet;
}

/** Expands, reads and reduces: the finished summary (deterministic, whatever order the files came in). */
export async function buildSummary(args: readonly string[], env: Environment | null = null, decode: DecodeOptions = {}): Promise<FleetSummary> {
  return summarizeFleet(await buildFleet(args, decode), env);
}

/** commander checks `--format` against the choices; a direct caller gets the same one-line error. */
function summaryFormat(format: string | undefined): FleetFormat {
  const found = FLEET_FORMATS.find((f) => f === (format ?? 'text'));
  if (found === undefined) throw new UserError(`unknown --format "${sanitizeInline(String(format)).slice(0, 40)}" (use ${FLEET_FORMATS.join(', ')})`);
  return found;
}

/** Everything `summarize` does but the writing: the rendered output. Throws UserError for usage problems. */
export async function summarizeToText(args: readonly string[], options: DsregcmdSummarizeOptions): Promise<string> {
  const format = summaryFormat(options.format);
  const decode = decodeOptionsFrom(options);
  if (args.length === 0) throw new UserError('give a directory, zip or CSV export, or files with dsregcmd /status output');
  // the report's checks and engine load only when a report is given (start-up time of every other run)
  const env = options.report === undefined ? null : await (await import('./fleet-environment.js')).loadEnvironment(options.report);
  const fleet = await buildFleet(args, decode);
  if (fleet.captures === 0 && fleet.foreign === 0) {
    const why = fleet.unreadableList.slice(0, 5).map((e) => `${sanitizeInline(e.source)}: ${e.message}`).join('; ');
    throw new UserError(`nothing to summarize (${why || 'no files found'})`);
  }
  const summary = summarizeFleet(fleet, env);
  return FLEET_REPORTERS[format](summary, () => deviceRows(fleet, env));
}

/**
 * `dsregcmd summarize DIR|FILE|ZIP|CSV... [--report FILE] [--format ...] [--encoding NAME] [-o FILE]`.
 * Nothing usable at all is a usage error (exit 2); otherwise exit 0, bad inputs listed in the output.
 */
export async function runDsregcmdSummarize(args: string[], options: DsregcmdSummarizeOptions): Promise<void> {
  await writeOutput(await summarizeToText(args, options), options.output);
  process.exitCode = 0;
}
