import { Fleet } from '../../derived/dsregcmd/fleet.js';
import type { DecodeOptions } from '../../derived/windows-text.js';
import type { Environment } from '../../engine/fleet-environment.js';
import type { FleetSummary } from '../../engine/fleet-summary.js';
import { FLEET_FORMATS, type FleetFormat } from '../../report/fleet-formats.js';
import { UserError } from '../../util/errors.js';
import { sanitizeInline } from '../../util/sanitize.js';
import type { DsregcmdSummarizeOptions } from '../commands/options.js';
import { ingest } from './fleet-input.js';

/*
 * Start-up counts here (a whole run over 20,000 files is about a second): what is needed only after the
 * captures are read (the summary, the reporters, the report's engine, the encodings) is imported when needed,
 * the reporters while the parse workers run.
 */

/** Reads every input into a fleet (newest capture per device). Bad inputs are counted, never thrown. */
export async function buildFleet(args: readonly string[], decode: DecodeOptions = {}): Promise<Fleet> {
  const fleet = new Fleet();
  await ingest({ fleet, decode }, args);
  return fleet;
}

/** Expands, reads and reduces: the finished summary (deterministic, whatever order the files came in). */
export async function buildSummary(args: readonly string[], env: Environment | null = null, decode: DecodeOptions = {}): Promise<FleetSummary> {
  const { summarizeFleet } = await import('../../engine/fleet-summary.js');
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
  const decode = options.encoding === undefined ? {} : (await import('./dsregcmd-input.js')).decodeOptionsFrom(options);
  if (args.length === 0) throw new UserError('give a directory, zip or CSV export, or files with dsregcmd /status output');
  const env = options.report === undefined ? null : await (await import('./fleet-environment.js')).loadEnvironment(options.report);
  const later = Promise.all([import('../../engine/fleet-summary.js'), import('../../report/fleet.js')]);
  const fleet = await buildFleet(args, decode);
  const [{ deviceRows, summarizeFleet }, { FLEET_REPORTERS }] = await later;
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
export async function runDsregcmdSummarize(args: string[], options: DsregcmdSummarizeOptions, made?: string): Promise<void> {
  const output = import('../output.js');
  const text = made ?? (await summarizeToText(args, options));
  await (await output).writeOutput(text, options.output);
  process.exitCode = 0;
}
