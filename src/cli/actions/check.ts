import { CHECKS } from '../../checks/index.js';
import { checkGroup, type CheckGroup } from '../../checks/types.js';
import { loadConfigFile } from '../../config/load.js';
import type { Settings } from '../../config/settings.js';
import { validateConfig } from '../../config/validate.js';
import { evaluate, isSelected, neededParts, validateSelection, type Selection } from '../../engine/run.js';
import { exitCodeFor, type Report } from '../../engine/report.js';
import { gatherArtifacts } from '../../gather/index.js';
import { assertCloudSignedIn } from '../../gather/cloud/index.js';
import { UserError } from '../../util/errors.js';
import { renderFor, writeOutput } from '../output.js';
import { startProgress, type Progress } from '../progress.js';

import type { ForestFlagOptions, ReportCommandOptions, SelectionOptions } from '../commands/options.js';

/** Builds a one-forest config from scp flags; commander has already split lists. */
export function settingsFromFlags(opts: ForestFlagOptions): Settings {
  const forest: Record<string, unknown> = { name: opts.forest };
  const map: Array<[keyof ForestFlagOptions, string]> = [
    ['server', 'servers'],
    ['dnsServer', 'dnsServers'],
    ['tls', 'tls'],
    ['caFile', 'caFile'],
    ['bindDn', 'bindDn'],
    ['passwordEnv', 'passwordEnv'],
    ['passwordFile', 'passwordFile'],
    ['timeout', 'timeoutMs'],
  ];
  for (const [flag, key] of map) if (opts[flag] !== undefined) forest[key] = opts[flag];
  const raw: Record<string, unknown> = { forests: [forest] };
  if (opts.tenantId || opts.tenantName) {
    raw['tenant'] = { ...(opts.tenantId ? { id: opts.tenantId } : {}), ...(opts.tenantName ? { name: opts.tenantName } : {}) };
  }
  return validateConfig(raw);
}

async function settingsFor(opts: ReportCommandOptions): Promise<Settings> {
  if (opts.config !== undefined) {
    if (opts.forest) throw new UserError('give either --config or --forest, not both');
    return loadConfigFile(opts.config);
  }
  if (opts.forest !== undefined) return settingsFromFlags(opts);
  throw new UserError('give --config FILE, or --forest NAME for a single forest');
}

/** --only / --skip as a Selection. */
export function selectionFrom(opts: SelectionOptions): Selection {
  return { only: opts.only, skip: opts.skip };
}

/** Shared by `check` and `scp`: settings → gather → evaluate → render → exit code. */
export async function runReportCommand(opts: ReportCommandOptions, scope: CheckGroup | 'all'): Promise<number> {
  const settings = await settingsFor(opts);
  const checks = CHECKS.filter((c) => scope === 'all' || checkGroup(c.meta) === scope);
  const selection = selectionFrom(opts);
  validateSelection(checks, selection);

  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const spin = (opts.format ?? 'text') === 'text' && Boolean(process.stderr.isTTY);
  let progress: Progress | undefined;
  let report: Report;
  try {
    // scp: forests only; probe: network only; check: forests, plus network when configured.
    const needed = neededParts(checks, selection);
    const parts = {
      forests: scope !== 'network' && needed.forests,
      network: needed.network && (scope === 'network' || (scope === 'all' && settings.network !== undefined)),
      // The computer inventory: only when the config enables it and its check is selected.
      inventory: scope !== 'network' && settings.inventory?.enabled === true && checks.some((c) => c.meta.id === 'computer-sync-readiness' && isSelected(c.meta.id, selection)),
      cloud: needed.cloud && scope === 'all' && settings.graph !== undefined,
    };
    // The spinner starts after any password prompt, so it never draws over it.
    const onSecretsReady = async () => { progress = await startProgress(spin, `Reading ${settings.forests.length} forest(s)`); };
    const prompt = (message: string) => { progress?.stop(); process.stderr.write(`${message}\n`); };
    const artifacts = await gatherArtifacts(settings, { interactive, parts, onSecretsReady, prompt, onForestDone: (name) => progress?.update(`read ${name}`) });
    assertCloudSignedIn(artifacts.cloud);
    report = evaluate(artifacts, checks, selection);
  } finally {
    progress?.stop();
  }
  await writeOutput(renderFor(report, opts), opts.output);
  return exitCodeFor(report, Boolean(opts.strict));
}
