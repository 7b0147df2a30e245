import { Option, type Command } from 'commander';

export const COMPUTERS_FORMATS = ['text', 'json', 'csv', 'html', 'markdown'] as const;

export interface ComputersCommandOptions {
  config?: string;
  bundle?: string;
  format?: (typeof COMPUTERS_FORMATS)[number];
  output?: string;
}

/** `computers`: every computer object, its sync readiness and verdict (docs/computers.md). */
export function registerComputersCommand(program: Command): void {
  program
    .command('computers')
    .description('list every computer object of each forest with its hybrid-join readiness (certificate, OS, sync scope)')
    .option('-c, --config <file>', 'configuration file (JSON)')
    .option('-b, --bundle <file>', 'judge the inventory of a bundle written by `gather` instead of reading the directory')
    .addOption(new Option('-f, --format <format>', 'output format').choices(COMPUTERS_FORMATS).default('text'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .action(async (opts: ComputersCommandOptions) => {
      const { runComputers } = await import('../actions/computers.js');
      process.exitCode = await runComputers(opts);
    });
}
