import type { SyncScopeSettings } from '../artifacts/inventory.js';
import type { TlsMode } from '../artifacts/types.js';
import type { NetworkSettings } from './network.js';
import type { GraphSettings } from './cloud.js';

/** Validated, defaulted configuration. Passwords are not part of it: they are fetched at gather time. */
export interface ForestSettings {
  name: string;
  servers?: string[];
  dnsServers?: string[];
  tls: TlsMode;
  caFile?: string;
  bindDn?: string;
  passwordEnv?: string;
  passwordFile?: string;
  timeoutMs: number;
  /** LDAP port override; defaults follow tls (636 for ldaps, 389 otherwise). */
  port?: number;
  /** Targeted rollout: devices get their tenant from the registry (CDJ\AAD), exported to this file. */
  clientSideScp?: ClientSideScpSettings;
  /** The OUs Entra Connect syncs (computer inventory); absent: not judged. */
  syncScope?: SyncScopeSettings;
}

/** The computer inventory (config `inventory`). */
export interface InventorySettings {
  enabled: boolean;
  /** Only these domains (DNS name or naming context); absent: every domain of the forest. */
  domains?: string[];
  staleDays: number;
  pageSize: number;
}

export interface ClientSideScpSettings {
  /** The path as written in the config (for messages). */
  regFile: string;
  /** The path resolved against the config file's folder (what is read). */
  regFilePath: string;
}

export interface Settings {
  tenant?: { id?: string; name?: string };
  cloud: 'AzureCloud' | 'USGovernment' | 'AzureChinaCloud';
  forests: ForestSettings[];
  clockSkew: { warnSeconds: number; failSeconds: number };
  /** Parallelism bounds. */
  concurrency: { forests: number; dcsPerForest: number };
  /** The network section, validated against schema/config.schema.json (src/config/validate.ts). */
  network?: NetworkSettings;
  /** The computer inventory, when the config has an `inventory` section. */
  inventory?: InventorySettings;
  /** The Entra ID half (`cloud` given as an object): how to sign in and read Microsoft Graph. */
  graph?: GraphSettings;
}

export function defaultPort(tls: TlsMode): number {
  return tls === 'ldaps' ? 636 : 389;
}
