import { Command } from 'commander';
import { VERSION } from '../version.js';
import { registerBundleCommands } from './commands/bundle.js';
import { registerCheckCommands } from './commands/check.js';
import { registerComputersCommand } from './commands/computers.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDiagnoseCommand } from './commands/diagnose.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerInitCommand } from './commands/init.js';
import { registerDsregcmdCommands } from './commands/dsregcmd.js';

/**
 * The commander program. Command modules register options only; each action imports its
 * implementation lazily so `--version` and `--help` stay fast.
 */
export function buildProgram(): Command {
  const program = new Command('haadj-preflight')
    .description('Will domain-joined Windows computers be able to hybrid-join Microsoft Entra ID? Checks the evidence.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for internal errors')
    .showHelpAfterError()
    .configureOutput({ outputError: (str, write) => write(str) })
    .exitOverride((err) => {
      // commander's own exits (help, version) keep their code; usage errors become exit 2
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') process.exit(0);
      process.exit(2);
    });
  registerCheckCommands(program);
  registerBundleCommands(program);
  registerComputersCommand(program);
  registerInitCommand(program);
  registerExplainCommand(program);
  registerDiagnoseCommand(program);
  registerDsregcmdCommands(program);
  registerDemoCommand(program);
  return program;
}
