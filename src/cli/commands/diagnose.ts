import { Option, type Command } from 'commander';
import { ENCODING_HELP } from './dsregcmd.js';
import type { DiagnoseCommandOptions } from './options.js';

export function registerDiagnoseCommand(program: Command): void {
  program
    .command('diagnose')
    .description('explain a device\'s `dsregcmd /status` output and, with --config, check the environment for the causes of its codes')
    .requiredOption('-d, --dsregcmd <file>', 'saved `dsregcmd /status` output (UTF-16, UTF-8 or a console code page; "-" for stdin)')
    .option('--encoding <name>', ENCODING_HELP)
    .option('--reg <file>', 'the device\'s `reg export HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD` (client-side SCP)')
    .option('-c, --config <file>', 'configuration file: run the checks that verify the device\'s codes')
    .option('--forest <name>', 'only this configured forest (the device\'s forest)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-o, --output <file>', 'write to a file instead of stdout')
    .addHelpText('after', '\nExit codes: 0 nothing confirmed in the environment; 1 the environment confirms the cause (or, with a cloud object in the config, Entra ID contradicts the device); 2 unusable input or a failed sign-in.')
    .action(async (opts: DiagnoseCommandOptions) => {
      const { runDiagnose } = await import('../actions/diagnose.js');
      process.exitCode = await runDiagnose(opts);
    });
}
