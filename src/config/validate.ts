import { isAbsolute, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { CLOUDS, DEFAULT_TIMEOUT_MS, TLS_MODES, type ForestSettings, type Settings } from './settings.js';
import { isGuid, isDomainName } from '../util/names.js';
import { validateNetworkConfig } from './network.js';

type Json = unknown;

/** Raised for a config value that is wrong: names the key path, e.g. `forests[0].tls`. */
export class ConfigError extends UserError {
  constructor(key: string, problem: string) {
    super(`config: ${key}: ${problem}`);
  }
}

const TOP_KEYS = ['$schema', 'tenant', 'cloud', 'forests', 'network', 'clockSkew', 'concurrency'];
const FOREST_KEYS = ['name', 'servers', 'dnsServers', 'tls', 'caFile', 'bindDn', 'passwordEnv', 'passwordFile', 'timeoutMs', 'port', 'clientSideScp'];

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function rejectUnknownKeys(obj: Record<string, Json>, allowed: string[], path: string): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${key}` : key;
      throw new ConfigError(where, `unknown key (allowed: ${allowed.filter((k) => k !== '$schema').join(', ')})`);
    }
  }
}

function optionalString(obj: Record<string, Json>, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new ConfigError(`${path}.${key}`, 'must be a non-empty string');
  return v;
}

function optionalStringArray(obj: Record<string, Json>, key: string, path: string): string[] | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new ConfigError(`${path}.${key}`, 'must be an array of non-empty strings');
  }
  return v as string[];
}

function optionalPositiveInt(obj: Record<string, Json>, key: string, path: string, max: number): number | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > max) {
    throw new ConfigError(`${path}.${key}`, `must be a whole number from 1 to ${max}`);
  }
  return v;
}

/** Where relative file paths in the config are resolved from (the config file's folder). */
export interface ValidateOptions {
  baseDir?: string;
}

function validateClientSideScp(raw: Json, path: string, options: ValidateOptions): ForestSettings['clientSideScp'] {
  if (raw === undefined || raw === null) return undefined;
  const where = `${path}.clientSideScp`;
  if (!isObject(raw)) throw new ConfigError(where, 'must be an object like {"regFile": "cdj-aad.reg"}');
  rejectUnknownKeys(raw, ['regFile'], where);
  const regFile = optionalString(raw, 'regFile', where);
  if (!regFile) throw new ConfigError(`${where}.regFile`, 'is required (the `reg export HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD` file)');
  const regFilePath = isAbsolute(regFile) ? regFile : resolve(options.baseDir ?? '.', regFile);
  return { regFile, regFilePath };
}

function validateForest(raw: Json, index: number, options: ValidateOptions): ForestSettings {
  const path = `forests[${index}]`;
  if (!isObject(raw)) throw new ConfigError(path, 'must be an object');
  rejectUnknownKeys(raw, FOREST_KEYS, path);
  const name = optionalString(raw, 'name', path);
  if (!name) throw new ConfigError(`${path}.name`, 'is required (the forest root DNS name, e.g. contoso.com)');
  if (!isDomainName(name)) throw new ConfigError(`${path}.name`, `"${name}" is not a DNS domain name`);
  const tlsRaw = raw['tls'] ?? 'ldaps';
  if (typeof tlsRaw !== 'string' || !(TLS_MODES as readonly string[]).includes(tlsRaw)) {
    throw new ConfigError(`${path}.tls`, `must be one of ${TLS_MODES.join(', ')}`);
  }
  const passwordEnv = optionalString(raw, 'passwordEnv', path);
  const passwordFile = optionalString(raw, 'passwordFile', path);
  if (passwordEnv && passwordFile) throw new ConfigError(path, 'give passwordEnv or passwordFile, not both');
  const forest: ForestSettings = {
    name: name.toLowerCase().replace(/\.$/, ''),
    tls: tlsRaw as ForestSettings['tls'],
    timeoutMs: optionalPositiveInt(raw, 'timeoutMs', path, 600_000) ?? DEFAULT_TIMEOUT_MS,
  };
  const servers = optionalStringArray(raw, 'servers', path);
  if (servers) forest.servers = servers;
  const dnsServers = optionalStringArray(raw, 'dnsServers', path);
  if (dnsServers) forest.dnsServers = dnsServers;
  const caFile = optionalString(raw, 'caFile', path);
  if (caFile) forest.caFile = caFile;
  const bindDn = optionalString(raw, 'bindDn', path);
  if (bindDn) forest.bindDn = bindDn;
  if (passwordEnv) forest.passwordEnv = passwordEnv;
  if (passwordFile) forest.passwordFile = passwordFile;
  const port = optionalPositiveInt(raw, 'port', path, 65535);
  if (port) forest.port = port;
  const clientSideScp = validateClientSideScp(raw['clientSideScp'], path, options);
  if (clientSideScp) forest.clientSideScp = clientSideScp;
  return forest;
}

function validateTenant(raw: Json): Settings['tenant'] {
  if (raw === undefined || raw === null) return undefined;
  if (!isObject(raw)) throw new ConfigError('tenant', 'must be an object with id and/or name');
  rejectUnknownKeys(raw, ['id', 'name'], 'tenant');
  const id = optionalString(raw, 'id', 'tenant');
  const name = optionalString(raw, 'name', 'tenant');
  if (id && !isGuid(id)) throw new ConfigError('tenant.id', `"${id}" is not a GUID`);
  if (name && !isDomainName(name)) throw new ConfigError('tenant.name', `"${name}" is not a domain name`);
  const tenant: NonNullable<Settings['tenant']> = {};
  if (id) tenant.id = id.toLowerCase();
  if (name) tenant.name = name.toLowerCase();
  return tenant;
}

/** Validates parsed JSON config and applies defaults. Throws ConfigError naming the key. */
export function validateConfig(raw: Json, options: ValidateOptions = {}): Settings {
  if (!isObject(raw)) throw new ConfigError('(top level)', 'must be a JSON object');
  rejectUnknownKeys(raw, TOP_KEYS, '');
  const cloud = raw['cloud'] ?? 'AzureCloud';
  if (typeof cloud !== 'string' || !(CLOUDS as readonly string[]).includes(cloud)) {
    throw new ConfigError('cloud', `must be one of ${CLOUDS.join(', ')}`);
  }
  const forestsRaw = raw['forests'] ?? [];
  if (!Array.isArray(forestsRaw)) throw new ConfigError('forests', 'must be an array');
  const forests = forestsRaw.map((f, i) => validateForest(f, i, options));
  const seen = new Set<string>();
  forests.forEach((f, i) => {
    if (seen.has(f.name)) throw new ConfigError(`forests[${i}].name`, `forest "${f.name}" is listed twice`);
    seen.add(f.name);
  });

  const skewRaw = raw['clockSkew'] ?? {};
  if (!isObject(skewRaw)) throw new ConfigError('clockSkew', 'must be an object');
  rejectUnknownKeys(skewRaw, ['warnSeconds', 'failSeconds'], 'clockSkew');
  const clockSkew = {
    warnSeconds: optionalPositiveInt(skewRaw, 'warnSeconds', 'clockSkew', 86_400) ?? 60,
    failSeconds: optionalPositiveInt(skewRaw, 'failSeconds', 'clockSkew', 86_400) ?? 300,
  };
  const concRaw = raw['concurrency'] ?? {};
  if (!isObject(concRaw)) throw new ConfigError('concurrency', 'must be an object');
  rejectUnknownKeys(concRaw, ['forests', 'dcsPerForest'], 'concurrency');
  const concurrency = {
    forests: optionalPositiveInt(concRaw, 'forests', 'concurrency', 64) ?? 8,
    dcsPerForest: optionalPositiveInt(concRaw, 'dcsPerForest', 'concurrency', 64) ?? 8,
  };

  const settings: Settings = { cloud: cloud as Settings['cloud'], forests, clockSkew, concurrency };
  const tenant = validateTenant(raw['tenant']);
  if (tenant) settings.tenant = tenant;
  if (raw['network'] !== undefined && raw['network'] !== null) settings.network = validateNetworkConfig(raw['network']);
  return settings;
}
