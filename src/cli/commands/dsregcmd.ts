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
    .description('count many devices\' outputs by join state, error phase and client error code')
    .argument('<paths...>', 'a directory (its files, one output per device) and/or files')
    .addOption(new Option('--format <format>', 'output format').choices(SUMMARY_FORMATS).default('text'))
    .option('--encoding <name>', ENCODING_HELP)
    .addHelpText(
      'after',
      '\nThe device name is the "Device Name" field when the output has one, else the file name without extension.\n' +
        'Unreadable files are listed in the summary; they do not stop the run.\n',
    )
    .action(async (paths: string[], options: DsregcmdSummarizeOptions) => {
      const m = await import('../actions/dsregcmd-summarize.js');
      await m.runDsregcmdSummarize(paths, options);
    });
}
