import { Option, type Command } from 'commander';
import { REPORT_FORMATS } from '../../report/formats.js';
import { commaList, type ReportCommandOptions } from './options.js';

/** Options shared by every command that produces a report. */
export function addReportOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-f, --format <format>', 'output format').choices(REPORT_FORMATS).default('text'))
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--only <ids>', 'run only these checks (comma-separated ids)', commaList)
    .option('--skip <ids>', 'skip these checks (comma-separated ids)', commaList)
    .option('--strict', 'exit 1 on warn and error findings too')
    .option('-v, --verbose', 'text output: also list passed and skipped checks');
}

/** Flags that describe one forest without a config file (scp command). */
function addForestFlags(cmd: Command): Command {
  return cmd
    .option('--forest <name>', 'forest root DNS name (instead of --config)')
    .option('--server <host[:port]>', 'domain controller to read (repeatable; default: DNS SRV)', commaList)
    .option('--dns-server <ip>', 'DNS server for the SRV and host lookups (repeatable)', commaList)
    .addOption(new Option('--tls <mode>', 'LDAP transport').choices(['ldaps', 'starttls', 'plain']))
    .option('--ca-file <file>', 'extra CA certificate (PEM) to trust for the DC')
    .option('--bind-dn <dn>', 'account to bind as (DN or user@domain)')
    .option('--password-env <var>', 'environment variable holding the bind password')
    .option('--password-file <file>', 'file holding the bind password')
    .option('--tenant-id <guid>', 'intended Entra tenant id')
    .option('--tenant-name <domain>', 'intended verified domain')
    .option('--timeout <ms>', 'per-DC timeout in milliseconds', (v) => Number(v));
}

export function registerCheckCommands(program: Command): void {
  addReportOptions(
    program
      .command('check')
      .description('run the whole preflight (directory checks; network checks as they are configured)')
      .requiredOption('-c, --config <file>', 'configuration file (JSON)'),
  ).action(async (opts: ReportCommandOptions) => {
    const { runReportCommand } = await import('../actions/check.js');
    process.exitCode = await runReportCommand(opts, 'all');
  });

  addReportOptions(
    addForestFlags(
      program
        .command('scp')
        .description('audit the Device Registration SCP of each forest (from --config, or one forest from flags)')
        .option('-c, --config <file>', 'configuration file (JSON)'),
    ),
  ).action(async (opts: ReportCommandOptions) => {
    const { runReportCommand } = await import('../actions/check.js');
    process.exitCode = await runReportCommand(opts, 'directory');
  });

  addReportOptions(
    program
      .command('probe')
      .description('probe the Entra endpoints along every configured proxy path, as a device in SYSTEM context would')
      .requiredOption('-c, --config <file>', 'configuration file (JSON)'),
  ).action(async (opts: ReportCommandOptions) => {
    const { runReportCommand } = await import('../actions/check.js');
    process.exitCode = await runReportCommand(opts, 'network');
  });
}
