import type { Artifacts } from '../artifacts/types.js';
import type { Settings } from '../config/settings.js';
import { mapLimit } from '../util/timeout.js';
import { TOOL_NAME, VERSION } from '../version.js';
import { resolveExtraCa, resolvePassword } from './credentials.js';
import { gatherForest, type ForestInputs, type ForestSecrets } from './ldap/forest.js';
import { readClientSideScpFile } from './ldap/client-side-scp.js';
import { validateInventoryConfig, validateNetworkConfig } from '../config/validate.js';
import { gatherInventory, type InventoryHooks } from './ldap/computers.js';
import { prepareNetwork, probeNetwork } from './http/index.js';
import { gatherCloud, prepareCloud } from './cloud/index.js';

export interface GatherOptions {
  interactive: boolean;
  /** Called as each forest finishes (progress display). */
  onForestDone?: (name: string) => void;
  /** Called once every password and CA file is in hand, just before the first network I/O (a spinner starts here, never over a prompt). */
  onSecretsReady?: () => void | Promise<void>;
  /** Which halves to gather (default: forests, and network when the settings have a network section). `scp` gathers forests only, `probe` network only. */
  parts?: { forests: boolean; network: boolean; inventory?: boolean; cloud?: boolean };
  /** Where the device-code sign-in prints its instructions (stderr). */
  prompt?: (message: string) => void;
  /** The computer inventory: read after the forests and the network (default: when the config enables it). */
  inventory?: {
    /** Streams computers instead of keeping them in the artifact. */
    hooks?: InventoryHooks;
    /** Called with the forests and network read, before the first computer is (the `computers` command judges the forests here). */
    before?: (artifacts: Artifacts) => void | Promise<void>;
  };
}

/** Reads the inventory of every forest, one forest after the other (memory: one page at a time when streaming). */
async function addInventories(settings: Settings, artifacts: Artifacts, secrets: ForestSecrets[], options: GatherOptions): Promise<void> {
  const inventorySettings = settings.inventory ?? validateInventoryConfig(undefined);
  await options.inventory?.before?.(artifacts);
  for (const [i, forest] of settings.forests.entries()) {
    const forestArtifact = artifacts.forests[i];
    if (forestArtifact) forestArtifact.inventory = await gatherInventory(forest, forestArtifact, secrets[i] ?? {}, inventorySettings, options.inventory?.hooks);
  }
}

/** Runs every gatherer the settings call for. User-fixable problems (password, CA file) throw before any I/O. */
export async function gatherArtifacts(settings: Settings, options: GatherOptions): Promise<Artifacts> {
  const started = Date.now();
  const collectedAt = new Date(started).toISOString();
  const parts = options.parts ?? { forests: true, network: settings.network !== undefined };
  const forestSettings = parts.forests ? settings.forests : [];
  const secrets: ForestSecrets[] = [];
  const inputs: ForestInputs[] = [];
  for (const forest of forestSettings) {
    secrets.push({ password: await resolvePassword(forest, options.interactive), extraCa: await resolveExtraCa(forest) });
    const clientSideScp = await readClientSideScpFile(forest);
    inputs.push(clientSideScp ? { clientSideScp } : {});
  }
  const wantCloud = settings.graph !== undefined && (options.parts ? options.parts.cloud === true : true);
  const cloudInputs = wantCloud && settings.graph ? await prepareCloud(settings.graph, settings.tenant?.id, options.interactive) : undefined;
  await options.onSecretsReady?.();
  const preparedNetwork = parts.network
    ? await prepareNetwork({ cloud: settings.cloud, ...(settings.tenant ? { tenant: settings.tenant } : {}), network: settings.network ?? validateNetworkConfig(undefined) })
    : undefined;
  // Both halves run at once; the network half waits for the forests only for tenant names that their SCPs alone give.
  const forestsDone = mapLimit(forestSettings, settings.concurrency.forests, async (forest, i) => {
    const result = await gatherForest(forest, secrets[i] ?? {}, settings.concurrency.dcsPerForest, inputs[i]);
    options.onForestDone?.(forest.name);
    return result;
  });
  const [forests, network, cloud] = await Promise.all([
    forestsDone,
    preparedNetwork ? probeNetwork(preparedNetwork, forestsDone) : undefined,
    cloudInputs ? gatherCloud({ ...cloudInputs, ...(options.prompt ? { prompt: options.prompt } : {}) }) : undefined,
  ]);
  const artifacts: Artifacts = {
    schemaVersion: 2,
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
  if (network) artifacts.network = network;
  if (cloud) artifacts.cloud = cloud;
  const inventory = options.parts?.inventory ?? (parts.forests && settings.inventory?.enabled === true);
  if (inventory && parts.forests) {
    await addInventories(settings, artifacts, secrets, options);
    artifacts.durationMs = Date.now() - started;
  }
  return artifacts;
}
