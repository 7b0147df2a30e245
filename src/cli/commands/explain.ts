import { Option, type Command } from 'commander';

/** `explain CODE`: looks an error code up in the catalog. */
export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('explain a dsregcmd / hybrid-join error code: meaning, likely causes, remedy and the checks that verify it')
    .argument('<code>', 'hex (0x801c001d, 801C001D), decimal (-2145648611 or 2149318685), symbolic name, or a top/sub pair (0x801c0021/0x80072ee2)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      '\nExit codes: 0 the code is in the catalog; 1 a well-formed code or name the catalog does not know\n' +
        '(near matches are listed); 2 the input is not a code at all.\n',
    )
    .action(async (code: string, options: { format?: string }) => {
      const m = await import('../actions/explain.js');
      m.runExplain(code, options);
    });
}
