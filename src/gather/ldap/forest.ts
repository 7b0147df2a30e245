import type { ClientSideScpArtifact, ForestArtifact } from '../../artifacts/types.js';
import type { ForestSettings } from '../../config/settings.js';
import { mapLimit } from '../../util/timeout.js';
import { createDnsClient } from '../dns/resolver.js';
import { dcSecureContext, gatherDc } from './dc.js';
import { discoverDcs } from './discover.js';

export interface ForestSecrets {
  password?: string;
  extraCa?: string;
}

/** Files the forest's config names, read before any network I/O (a user error stops the run early). */
export interface ForestInputs {
  clientSideScp?: ClientSideScpArtifact;
}

/** Discovers a forest's DCs and reads each of them concurrently (bounded). Never throws. */
export async function gatherForest(forest: ForestSettings, secrets: ForestSecrets, dcConcurrency: number, inputs: ForestInputs = {}): Promise<ForestArtifact> {
  const dns = createDnsClient(forest.dnsServers, forest.timeoutMs);
  const discovery = await discoverDcs(forest, dns);
  const targets = discovery.ok ? discovery.value.targets : [];
  const secureContext = forest.tls === 'plain' ? undefined : dcSecureContext(secrets.extraCa);
  const dcs = await mapLimit(targets, dcConcurrency, (target) =>
    gatherDc(target, dns, {
      tls: forest.tls,
      extraCa: secrets.extraCa,
      secureContext,
      bindDn: forest.bindDn,
      password: secrets.password,
      timeoutMs: forest.timeoutMs,
    }),
  );
  const artifact: ForestArtifact = { name: forest.name, tls: forest.tls, discovery, dcs };
  if (forest.bindDn) artifact.bindDn = forest.bindDn;
  if (inputs.clientSideScp) artifact.clientSideScp = inputs.clientSideScp;
  return artifact;
}
