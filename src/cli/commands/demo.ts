import { Option, type Command } from 'commander';
import { REPORT_FORMATS } from '../../report/formats.js';
import type { OutputOptions } from './options.js';

/** `demo`: the whole report for a bundled sample environment, without AD or network access. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('show the full report for a sample two-forest environment (no AD, no network needed)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('-v, --verbose', 'text output: also list passed and skipped checks')
    .addHelpText(
      'after',
      '\nThe sample is a saved bundle (demo/sample-bundle.json) recorded from the project\'s test lab, with the lab\'s\n' +
        'names rewritten to contoso.com / fabrikam.com. It has failing checks on purpose, yet `demo` exits 0: it\n' +
        'shows the tool, it does not judge your environment. `haadj-preflight evaluate <bundle>` gives the real\n' +
        'exit codes (0 no fail, 1 a fail, 2 the tool could not run).\n' +
        '\nNext: `haadj-preflight init` writes a starter config, `haadj-preflight check --config FILE` runs it.\n',
    )
    .action(async (opts: OutputOptions) => {
      const { runDemo } = await import('../actions/demo.js');
      process.exitCode = await runDemo(opts);
    });
}
