import { Option, type Command } from 'commander';
import { FIX_FORMATS } from '../../fix/formats.js';
import { commaList } from './options.js';

export interface FixCommandOptions {
  config: string;
  format?: string;
  output?: string;
  forest?: string[];
  dc?: string[];
  apply?: boolean;
  yes?: boolean;
  backupDir?: string;
  undo?: string;
  verify?: boolean;
  bindDn?: string;
  passwordEnv?: string;
  passwordFile?: string;
}

export function registerFixCommand(program: Command): void {
  program
    .command('fix')
    .description('plan the changes that make each forest\'s SCP right (default), apply them with a backup (--apply), restore a backup (--undo), or show per DC whether a change has replicated (--verify)')
    .requiredOption('-c, --config <file>', 'configuration file (JSON)')
    .addOption(new Option('-f, --format <format>', 'plan output format').choices(FIX_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the plan to a file instead of stdout')
    .option('--forest <name>', 'only these forests (repeatable, comma-separated)', commaList)
    .option('--dc <host>', 'the DC to plan from and write to, per forest (repeatable; default: the PDC emulator)', commaList)
    .option('--apply', 'apply the plan: back up, write to one DC per forest, re-read and check again')
    .option('--yes', 'with --apply: do not ask for confirmation (for scripts)')
    .option('--backup-dir <dir>', 'with --apply: where the backup goes (default: a new dated folder in the current directory)')
    .option('--undo <backup>', 'restore the objects saved in this backup file')
    .option('--verify', 'show per DC whether it holds the fixed SCP yet (replication follow-up)')
    .option('--bind-dn <dn>', 'write account for --apply/--undo (default: the forest\'s bindDn)')
    .option('--password-env <var>', 'environment variable holding the write account\'s password')
    .option('--password-file <file>', 'file holding the write account\'s password')
    .action(async (opts: FixCommandOptions) => {
      const { runFix } = await import('../actions/fix.js');
      process.exitCode = await runFix(opts);
    });
}
