import { Option, type Command } from 'commander';

/** `dsregcmd parse` and `dsregcmd summarize`: work on saved `dsregcmd /status` output. */
export function registerDsregcmdCommands(program: Command): void {
  const dsregcmd = program.command('dsregcmd').description('read saved `dsregcmd /status` output');

  dsregcmd
    .command('parse')
    .description('turn `dsregcmd /status` output (UTF-8 or UTF-16, as saved by Windows) into JSON')
    .argument('[file]', 'file with the output; "-" or nothing reads standard input')
    .action(async (file: string | undefined) => {
      const m = await import('../actions/dsregcmd-parse.js');
      await m.runDsregcmdParse(file);
    });

  dsregcmd
    .command('summarize')
    .description('count many devices\' outputs by join state, error phase and client error code')
    .argument('<paths...>', 'a directory (its files, one output per device) and/or files')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nThe device name is the "Device Name" field when the output has one, else the file name without extension.\n' +
        'Unreadable files are listed in the summary; they do not stop the run.\n',
    )
    .action(async (paths: string[], options: { format?: string }) => {
      const m = await import('../actions/dsregcmd-summarize.js');
      await m.runDsregcmdSummarize(paths, options);
    });
}
