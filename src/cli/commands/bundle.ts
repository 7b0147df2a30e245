import type { Command } from 'commander';
import { commaList, type GatherCommandOptions, type ReportCommandOptions } from './options.js';
import { addReportOptions } from './check.js';

/** `gather` and `evaluate`: the pipeline split in two around a saved, secret-free bundle. */
export function registerBundleCommands(program: Command): void {
  program
    .command('gather')
    .description('read the directory (and network) and save the raw evidence as a bundle, without judging it')
    .requiredOption('-c, --config <file>', 'configuration file (JSON)')
    .requiredOption('-o, --output <file>', 'bundle file to write')
    .option('--only <ids>', 'gather only what these checks need', commaList)
    .option('--skip <ids>', 'skip these checks\' needs', commaList)
    .action(async (opts: GatherCommandOptions) => {
      const { runGather } = await import('../actions/bundle.js');
      process.exitCode = await runGather(opts);
    });

  addReportOptions(
    program
      .command('evaluate')
      .description('run the checks on a saved bundle and print the report (no network access)')
      .argument('<bundle>', 'bundle written by `gather --output`'),
  ).action(async (bundle: string, opts: ReportCommandOptions) => {
    const { runEvaluate } = await import('../actions/bundle.js');
    process.exitCode = await runEvaluate(bundle, opts);
  });
}
