/**
 * `fix`: plan (default), --apply, --undo, --verify. Exit codes: 0 nothing to do / applied and
 * verified / restored / every DC has the change; 1 the plan has steps (plan mode), a verification
 * failed, a DC does not have the change yet, or the admin declined; 2 usage, config, auth or write
 * errors, and forests that could not be planned.
 */
import { CHECKS } from '../../checks/index.js';
import { loadConfigFile } from '../../config/load.js';
import type { Settings } from '../../config/settings.js';
import { evaluate } from '../../engine/run.js';
import { gatherArtifacts } from '../../gather/index.js';
import { buildPlan, type RemediationPlan } from '../../fix/plan.js';
import { renderPlan, type FixFormat } from '../../fix/render.js';
import { forestEvidence } from '../../fix/evidence.js';
import { UserError } from '../../util/errors.js';
import { writeOutput } from '../output.js';
import type { FixCommandOptions } from '../commands/fix.js';
import { chooseServer, runApply, runUndo, runVerify, resolveWriteAccounts } from './fix-apply.js';

function checkModes(opts: FixCommandOptions): void {
  const modes = [opts.apply && '--apply', opts.undo !== undefined && '--undo', opts.verify && '--verify'].filter(Boolean);
  if (modes.length > 1) throw new UserError(`give only one of ${modes.join(', ')}`);
  const writes = opts.apply || opts.undo !== undefined;
  if (opts.yes && !writes) throw new UserError('--yes goes with --apply or --undo');
  if (opts.backupDir && !opts.apply) throw new UserError('--backup-dir goes with --apply');
  if (!writes && (opts.bindDn || opts.passwordEnv || opts.passwordFile)) throw new UserError('--bind-dn, --password-env and --password-file name the write account of --apply or --undo');
  if ((opts.passwordEnv || opts.passwordFile) && !opts.bindDn) throw new UserError('--password-env/--password-file need --bind-dn (without it, the forest\'s own account and password source are used)');
  if (writes && (opts.format ?? 'text') !== 'text') throw new UserError('--apply and --undo print text; use the plan mode for other formats');
  if (writes && !opts.yes && !(process.stdin.isTTY && process.stderr.isTTY)) throw new UserError(`${opts.apply ? '--apply' : '--undo'} asks for confirmation on a terminal; without one, add --yes`);
}

/** The config's forests, limited to --forest when given (each name must be in the config). */
export function selectForests(settings: Settings, names: string[] | undefined): Settings {
  if (!names?.length) return settings;
  const unknown = names.filter((n) => !settings.forests.some((f) => f.name.toLowerCase() === n.toLowerCase()));
  if (unknown.length) throw new UserError(`--forest ${unknown.join(', ')}: not a forest of the config`);
  return { ...settings, forests: settings.forests.filter((f) => names.some((n) => n.toLowerCase() === f.name.toLowerCase())) };
}

function planExit(plan: RemediationPlan): number {
  if (plan.forests.some((f) => f.status === 'blocked')) return 2;
  return plan.forests.some((f) => f.steps.length > 0) ? 1 : 0;
}

export async function runFix(opts: FixCommandOptions): Promise<number> {
  checkModes(opts);
  const settings = selectForests(await loadConfigFile(opts.config), opts.forest);
  if (settings.forests.length === 0) throw new UserError('the config names no forest to fix');
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const writers = opts.apply || opts.undo !== undefined ? await resolveWriteAccounts(settings, opts, interactive) : undefined;
  if (opts.undo !== undefined && writers) return runUndo(settings, writers, { ...opts, undo: opts.undo });
  const artifacts = await gatherArtifacts(settings, { interactive, parts: { forests: true, network: settings.network !== undefined } });
  const report = evaluate(artifacts, CHECKS);
  if (opts.verify) return runVerify(artifacts, opts);
  if (opts.apply && writers) return runApply(settings, artifacts, report.findings, writers, opts);
  const servers = new Map<string, string>();
  for (const forest of settings.forests) {
    const fa = artifacts.forests.find((f) => f.name === forest.name);
    const complete = fa ? forestEvidence(fa).complete.map((d) => d.host.toLowerCase()) : [];
    const choice = await chooseServer(forest, complete, opts.dc);
    // A named DC is planned from even when it did not answer (the plan then says so); a PDC that was not gathered is not.
    if (choice.host && (choice.how === 'named with --dc' || complete.includes(choice.host))) servers.set(forest.name, choice.host);
  }
  const plan = buildPlan(artifacts, report.findings, { server: (name) => servers.get(name) });
  await writeOutput(renderPlan(plan, (opts.format ?? 'text') as FixFormat), opts.output);
  return planExit(plan);
}
