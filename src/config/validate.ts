import { isAbsolute, resolve } from 'node:path';
import type { TlsMode } from '../artifacts/types.js';
import { assertConfigShape, ConfigError } from './schema.js';
import { networkSettings, type NetworkConfig, type NetworkSettings } from './network.js';
import type { ForestSettings, Settings } from './settings.js';
import { graphSettings, type CloudConfigObject } from './cloud.js';

export { ConfigError } from './schema.js';

/** The config after schema/config.schema.json has accepted it and filled in its defaults. */
interface ForestConfig {
  name: string;
  servers?: string[];
  dnsServers?: string[];
  tls: TlsMode;
  port?: number;
  caFile?: string;
  bindDn?: string;
  passwordEnv?: string;
  passwordFile?: string;
  timeoutMs: number;
  clientSideScp?: { regFile: string };
  syncScope?: { include: string[]; exclude: string[] };
}
interface ConfigFile {
  tenant?: { id?: string; name?: string };
  cloud: Settings['cloud'] | CloudConfigObject;
  forests: ForestConfig[];
  network?: NetworkConfig;
  clockSkew: Settings['clockSkew'];
  concurrency: Settings['concurrency'];
  inventory?: { enabled: boolean; domains?: string[]; staleDays: number; pageSize: number };
}

/** Where relative file paths in the config are resolved from (the config file's folder). */
export interface ValidateOptions {
  baseDir?: string;
}

/**
 * A copy without the keys set to null (they count as absent, as they always have). Keys are
 * defined, not assigned, so a `__proto__` key stays a key and the schema rejects it.
 */
function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(v)) {
    if (value !== null) Object.defineProperty(out, key, { value: withoutNulls(value), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Keys in a fixed order (name first), whatever the order in the file. */
function forestSettings(f: ForestConfig, options: ValidateOptions): ForestSettings {
  const forest: ForestSettings = { name: f.name.toLowerCase().replace(/\.$/, ''), tls: f.tls, timeoutMs: f.timeoutMs };
  for (const key of ['servers', 'dnsServers', 'caFile', 'bindDn', 'passwordEnv', 'passwordFile', 'port'] as const) {
    if (f[key] !== undefined) Object.assign(forest, { [key]: f[key] });
  }
  if (f.clientSideScp) {
    const { regFile } = f.clientSideScp;
    forest.clientSideScp = { regFile, regFilePath: isAbsolute(regFile) ? regFile : resolve(options.baseDir ?? '.', regFile) };
  }
  if (f.syncScope) forest.syncScope = { include: [...f.syncScope.include], exclude: [...f.syncScope.exclude] };
  return forest;
}

/** What the schema cannot say: a forest listed twice (names compare after normalizing). */
function rejectDuplicateForests(forests: ForestSettings[]): void {
  const seen = new Set<string>();
  forests.forEach((f, i) => {
    if (seen.has(f.name)) throw new ConfigError(`forests[${i}].name`, `forest "${f.name}" is listed twice`);
    seen.add(f.name);
  });
}

/** Validates parsed JSON config against schema/config.schema.json and builds Settings. Throws ConfigError naming the key. */
export function validateConfig(raw: unknown, options: ValidateOptions = {}): Settings {
  const config = withoutNulls(raw);
  assertConfigShape(config);
  const c = config as ConfigFile;
  const forests = c.forests.map((f) => forestSettings(f, options));
  rejectDuplicateForests(forests);
  const settings: Settings = {
    cloud: typeof c.cloud === 'string' ? c.cloud : c.cloud.environment,
    forests,
    clockSkew: { warnSeconds: c.clockSkew.warnSeconds, failSeconds: c.clockSkew.failSeconds },
    concurrency: { forests: c.concurrency.forests, dcsPerForest: c.concurrency.dcsPerForest },
  };
  if (c.tenant) {
    settings.tenant = {};
    if (c.tenant.id) settings.tenant.id = c.tenant.id.toLowerCase();
    if (c.tenant.name) settings.tenant.name = c.tenant.name.toLowerCase();
  }
  if (c.network) settings.network = networkSettings(c.network);
  if (c.inventory) {
    const { enabled, domains, staleDays, pageSize } = c.inventory;
    settings.inventory = { enabled, staleDays, pageSize, ...(domains ? { domains: [...domains] } : {}) };
  }
  if (typeof c.cloud === 'object') {
    if (!settings.tenant?.id) throw new ConfigError('tenant.id', 'is required with the cloud object (the tenant to sign in to)');
    settings.graph = graphSettings(c.cloud, options.baseDir ?? '.');
  }
  return settings;
}

/** The `network` section alone (undefined → the schema's defaults). Errors name the key, e.g. `network.proxies[1]`. */
export function validateNetworkConfig(raw: unknown): NetworkSettings {
  return validateConfig({ network: raw ?? {} }).network as NetworkSettings;
}

/** The `inventory` section alone (undefined → the schema's defaults), for the `computers` command without one. */
export function validateInventoryConfig(raw: unknown): NonNullable<Settings['inventory']> {
  return validateConfig({ inventory: raw ?? {} }).inventory as NonNullable<Settings['inventory']>;
}
