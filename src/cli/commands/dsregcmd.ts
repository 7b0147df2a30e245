import { Option, type Command } from 'commander';
import { SUMMARY_FORMATS, type DsregcmdParseOptions, type DsregcmdSummarizeOptions } from './options.js';

export const ENCODING_HELP = 'force the input encoding (e.g. cp850, cp437, cp1252, utf-8, utf-16le); default: detected';

/** `dsregcmd parse` and `dsregcmd summarize`: work on saved `dsregcmd /status` output. */
export function registerDsregcmdCommands(program: Command): void {
  const dsregcmd = program.command('dsregcmd').description('read saved `dsregcmd /status` output');

  dsregcmd
    .command('parse')
    .description('turn `dsregcmd /status` output (UTF-16, UTF-8 or a console code page, as saved by Windows) into JSON')
    .argument('[file]', 'file with the output; "-" or nothing reads standard input')
    .option('--encoding <name>', ENCODING_HELP)
    .action(async (file: string | undefined, options: DsregcmdParseOptions) => {
      const m = await import('../actions/dsregcmd-parse.js');
      await m.runDsregcmdParse(file, options);
    });

  dsregcmd
    .command('summarize')
    .description('one row per device from many `dsregcmd /status` captures: counts by join state, error phase and code, and (with --report) the environment finding behind each error')
    .argument('<paths...>', 'directories of captures (one file per capture), .zip archives of them, CSV exports (one capture per row), or files')
    .addOption(new Option('-f, --format <format>', 'output format (csv: one row per device)').choices(SUMMARY_FORMATS).default('text'))
    .option('-r, --report <file>', 'a saved `check --format json` report or a `gather` bundle: group devices by forest and name the finding behind each error')
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .option('--encoding <name>', ENCODING_HELP)
    .addHelpText(
      'after',
      '\nA device is its DeviceId when the capture prints one, else its host name and domain; its newest capture\n' +
        '(Client Time, then file time) counts, older ones are history. Device names come from "Device Name", the\n' +
        'computer account, a CSV device column, else the file name (without a trailing date). Unreadable and\n' +
        'foreign inputs are counted and listed; they do not stop the run. See docs/fleet.md.\n',
    )
    .action(async (paths: string[], options: DsregcmdSummarizeOptions) => {
      // Only from the command line (the capped host worker); tests and library callers run where they call.
      const { summarizeInWorker } = await import('../actions/fleet-host.js');
      const text = (await summarizeInWorker(paths, options)) ?? undefined;
      const m = await import('../actions/dsregcmd-summarize.js');
      await m.runDsregcmdSummarize(paths, options, text);
    });
}
