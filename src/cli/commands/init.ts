import type { Command } from 'commander';
import { commaList, type InitCommandOptions } from './options.js';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('write a commented starter configuration (asks on a terminal; flags otherwise)')
    .option('-o, --output <file>', 'file to write', 'haadj-preflight.json')
    .option('--tenant-id <guid>', 'intended Entra tenant id')
    .option('--tenant-name <domain>', 'a verified domain of the tenant')
    .option('--forest <name>', 'forest root DNS name (repeatable)', commaList)
    .option('--bind-dn <dn>', 'read-only account (user@domain)')
    .option('--force', 'overwrite an existing file')
    .action(async (opts: InitCommandOptions) => {
      const { runInit } = await import('../actions/init.js');
      process.exitCode = await runInit(opts);
    });
}
