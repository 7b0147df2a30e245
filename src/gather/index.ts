import type { Artifacts } from '../artifacts/types.js';
import type { Settings } from '../config/settings.js';
import { mapLimit } from '../util/timeout.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { resolveExtraCa, resolvePassword } from './credentials.js';
import { gatherForest, type ForestSecrets } from './ldap/forest.js';

export interface GatherOptions {
  interactive: boolean;
  /** Called as each forest finishes (progress display). */
  onForestDone?: (name: string) => void;
}

/** Runs every gatherer the settings call for. User-fixable problems (password, CA file) throw before any I/O. */
export async function gatherArtifacts(settings: Settings, options: GatherOptions): Promise<Artifacts> {
  const started = Date.now();
  const collectedAt = new Date(started).toISOString();
  const secrets: ForestSecrets[] = [];
  for (const forest of settings.forests) {
    secrets.push({ password: await resolvePassword(forest, options.interactive), extraCa: await resolveExtraCa(forest) });
  }
  const forests = await mapLimit(settings.forests, settings.concurrency.forests, async (forest, i) => {
    const result = await gatherForest(forest, secrets[i] ?? {}, settings.concurrency.dcsPerForest);
    options.onForestDone?.(forest.name);
    return result;
  });
  const artifacts: Artifacts = {
    schemaVersion: 1,
    tool: { name: TOOL_NAME, version: VERSION },
    collectedAt,
    durationMs: Date.now() - started,
    settings: {
      cloud: settings.cloud,
      clockSkewWarnSeconds: settings.clockSkew.warnSeconds,
      clockSkewFailSeconds: settings.clockSkew.failSeconds,
    },
    forests,
  };
  if (settings.tenant) artifacts.settings.tenant = settings.tenant;
  return artifacts;
}
