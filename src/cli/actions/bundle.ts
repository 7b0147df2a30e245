import { readFile } from 'node:fs/promises';
import { parseBundle, serializeBundle } from '../../artifacts/bundle.js';
import { CHECKS } from '../../checks/index.js';
import { loadConfigFile } from '../../config/load.js';
import { evaluate, isSelected, neededParts, validateSelection } from '../../engine/run.js';
import { exitCodeFor } from '../../engine/report.js';
import { gatherArtifacts } from '../../gather/index.js';
import { assertCloudSignedIn } from '../../gather/cloud/index.js';
import { UserError } from '../../util/errors.js';
import { renderFor, writeOutput } from '../output.js';
import { selectionFrom } from './check.js';

import type { GatherCommandOptions, ReportCommandOptions } from '../commands/options.js';

export async function runGather(opts: GatherCommandOptions): Promise<number> {
  const settings = await loadConfigFile(opts.config);
  const selection = selectionFrom(opts);
  validateSelection(CHECKS, selection);
  const interactive = Boolean(process.stdin.isTTY && process.stderr.isTTY);
  const needed = neededParts(CHECKS, selection);
  const parts = { forests: needed.forests, network: needed.network && settings.network !== undefined, inventory: settings.inventory?.enabled === true && isSelected('computer-sync-readiness', selection), cloud: needed.cloud && settings.graph !== undefined };
  const artifacts = await gatherArtifacts(settings, { interactive, parts, prompt: (message) => process.stderr.write(`${message}\n`) });
  assertCloudSignedIn(artifacts.cloud);
  await writeOutput(serializeBundle(artifacts), opts.output);
  process.stderr.write(`bundle written to ${opts.output}\n`);
  return 0;
}

export async function loadBundleFile(path: string) {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read bundle ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  return parseBundle(text, path);
}

export async function runEvaluate(path: string, opts: ReportCommandOptions): Promise<number> {
  const artifacts = await loadBundleFile(path);
  const selection = selectionFrom(opts);
  validateSelection(CHECKS, selection);
  const report = evaluate(artifacts, CHECKS, selection);
  await writeOutput(renderFor(report, opts), opts.output);
  return exitCodeFor(report, Boolean(opts.strict));
}
