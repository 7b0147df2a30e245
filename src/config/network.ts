import { isIP } from 'node:net';
import { UserError } from '../util/errors.js';

/**
 * The `network` section of the config, validated. A proxy may carry credentials given inline
 * (`http://user:pass@host:port`) or by environment variable names; they live here only, never in
 * artifacts, findings or messages.
 */
export type ProxySetting =
  | { kind: 'direct' }
  /** HTTPS_PROXY / NO_PROXY of the environment, when set. */
  | { kind: 'env' }
  | { kind: 'http'; url: string; inline?: { username: string; password: string }; usernameEnv?: string; passwordEnv?: string }
  | { kind: 'pac'; source: string };

export interface NetworkSettings {
  proxies: ProxySetting[];
  /** Extra CA certificates (PEM) trusted for the probes, on top of Node's bundle and NODE_EXTRA_CA_CERTS. */
  caFile?: string;
  /** Deadline of one probe (all phases together), in ms. */
  timeoutMs: number;
  /** DNS servers (`ip` or `ip:port`) for direct connections; proxies resolve names themselves. */
  dnsServers?: string[];
  /** Probe autologon.microsoftazuread-sso.com (only when Seamless SSO is in use). */
  seamlessSso: boolean;
  /** Substrings one of which must appear in an issuer (CN or O) of the peer chain; otherwise the TLS is intercepted. */
  expectedIssuers: string[];
  /** A saved `netsh winhttp show proxy` output, parsed into a proxy path. */
  winhttpProxyFile?: string;
  /** How many probes run at once. */
  concurrency: number;
}

export const DEFAULT_NETWORK_TIMEOUT_MS = 10_000;
export const DEFAULT_EXPECTED_ISSUERS = ['Microsoft', 'DigiCert'];
const NETWORK_KEYS = ['proxies', 'caFile', 'timeoutMs', 'dnsServers', 'seamlessSso', 'expectedIssuers', 'winhttpProxyFile', 'concurrency'];

export class NetworkConfigError extends UserError {
  constructor(key: string, problem: string) {
    super(`config: ${key}: ${problem}`);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(obj: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new NetworkConfigError(`${path}.${key}`, 'must be a non-empty string');
  return v;
}

/** `http://host:port` → parts; credentials split off. Throws with a message that never repeats the password. */
export function parseProxyUrl(text: string, path: string): { url: string; username?: string; password?: string } {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new NetworkConfigError(path, 'is not a URL (expected http://host:port, "direct", "env" or {"pac": ...})');
  }
  if (u.protocol !== 'http:') throw new NetworkConfigError(path, `proxy scheme ${u.protocol} is not supported (use http://host:port)`);
  if (!u.hostname) throw new NetworkConfigError(path, 'has no host');
  if (u.pathname !== '/' || u.search || u.hash) throw new NetworkConfigError(path, 'must be just http://host:port');
  const url = `http://${u.host}`;
  const out: { url: string; username?: string; password?: string } = { url };
  if (u.username || u.password) {
    out.username = decodeURIComponent(u.username);
    out.password = decodeURIComponent(u.password);
  }
  return out;
}

function validateProxy(raw: unknown, path: string): ProxySetting {
  if (raw === 'direct') return { kind: 'direct' };
  if (raw === 'env') return { kind: 'env' };
  if (typeof raw === 'string') {
    const p = parseProxyUrl(raw, path);
    const s: ProxySetting = { kind: 'http', url: p.url };
    if (p.username !== undefined) s.inline = { username: p.username, password: p.password ?? '' };
    return s;
  }
  if (!isObject(raw)) throw new NetworkConfigError(path, 'must be "direct", "env", a proxy URL, {"url": ...} or {"pac": ...}');
  if ('pac' in raw) {
    for (const k of Object.keys(raw)) if (k !== 'pac') throw new NetworkConfigError(`${path}.${k}`, 'unknown key (allowed with pac: pac)');
    const source = str(raw, 'pac', path);
    if (!source) throw new NetworkConfigError(`${path}.pac`, 'must be a URL or a file path');
    if (/^[a-z]+:\/\//i.test(source) && !/^https?:\/\//i.test(source)) throw new NetworkConfigError(`${path}.pac`, 'a PAC URL must be http:// or https://');
    return { kind: 'pac', source };
  }
  for (const k of Object.keys(raw)) {
    if (!['url', 'usernameEnv', 'passwordEnv'].includes(k)) throw new NetworkConfigError(`${path}.${k}`, 'unknown key (allowed: url, usernameEnv, passwordEnv, or pac)');
  }
  const urlText = str(raw, 'url', path);
  if (!urlText) throw new NetworkConfigError(`${path}.url`, 'is required');
  const p = parseProxyUrl(urlText, `${path}.url`);
  if (p.username !== undefined) throw new NetworkConfigError(`${path}.url`, 'put credentials in usernameEnv/passwordEnv, not in the URL');
  const usernameEnv = str(raw, 'usernameEnv', path);
  const passwordEnv = str(raw, 'passwordEnv', path);
  if (Boolean(usernameEnv) !== Boolean(passwordEnv)) throw new NetworkConfigError(path, 'give both usernameEnv and passwordEnv, or neither');
  const s: ProxySetting = { kind: 'http', url: p.url };
  if (usernameEnv && passwordEnv) {
    s.usernameEnv = usernameEnv;
    s.passwordEnv = passwordEnv;
  }
  return s;
}

function validDnsServer(text: string): boolean {
  if (isIP(text)) return true;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text);
  if (v4 && isIP(v4[1] ?? '') === 4 && Number(v4[2]) > 0 && Number(v4[2]) < 65536) return true;
  const v6 = /^\[([0-9a-f:.]+)\]:(\d{1,5})$/i.exec(text);
  return Boolean(v6 && isIP(v6[1] ?? '') === 6 && Number(v6[2]) > 0 && Number(v6[2]) < 65536);
}

/** Validates `network` (undefined → defaults). Errors name the key, e.g. `network.proxies[1]`. */
export function validateNetworkConfig(raw: unknown): NetworkSettings {
  const path = 'network';
  const obj = raw === undefined || raw === null ? {} : raw;
  if (!isObject(obj)) throw new NetworkConfigError(path, 'must be an object');
  for (const k of Object.keys(obj)) {
    if (!NETWORK_KEYS.includes(k)) throw new NetworkConfigError(`${path}.${k}`, `unknown key (allowed: ${NETWORK_KEYS.join(', ')})`);
  }
  const proxiesRaw = obj['proxies'] ?? ['direct', 'env'];
  if (!Array.isArray(proxiesRaw) || proxiesRaw.length === 0) throw new NetworkConfigError(`${path}.proxies`, 'must be a non-empty array');
  const proxies = proxiesRaw.map((p, i) => validateProxy(p, `${path}.proxies[${i}]`));

  const timeoutRaw = obj['timeoutMs'] ?? DEFAULT_NETWORK_TIMEOUT_MS;
  if (typeof timeoutRaw !== 'number' || !Number.isInteger(timeoutRaw) || timeoutRaw < 100 || timeoutRaw > 600_000) {
    throw new NetworkConfigError(`${path}.timeoutMs`, 'must be a whole number from 100 to 600000');
  }
  const concRaw = obj['concurrency'] ?? 32;
  if (typeof concRaw !== 'number' || !Number.isInteger(concRaw) || concRaw < 1 || concRaw > 256) {
    throw new NetworkConfigError(`${path}.concurrency`, 'must be a whole number from 1 to 256');
  }
  const sso = obj['seamlessSso'] ?? false;
  if (typeof sso !== 'boolean') throw new NetworkConfigError(`${path}.seamlessSso`, 'must be true or false');

  const settings: NetworkSettings = {
    proxies,
    timeoutMs: timeoutRaw,
    seamlessSso: sso,
    expectedIssuers: DEFAULT_EXPECTED_ISSUERS,
    concurrency: concRaw,
  };
  const list = (key: string): string[] | undefined => {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || v.length === 0 || v.some((s) => typeof s !== 'string' || s.trim() === '')) {
      throw new NetworkConfigError(`${path}.${key}`, 'must be a non-empty array of non-empty strings');
    }
    return v as string[];
  };
  const dnsServers = list('dnsServers');
  if (dnsServers) {
    dnsServers.forEach((s, i) => {
      if (!validDnsServer(s)) throw new NetworkConfigError(`${path}.dnsServers[${i}]`, `"${s}" is not an IP address (optionally ip:port or [ipv6]:port)`);
    });
    settings.dnsServers = dnsServers;
  }
  const issuers = list('expectedIssuers');
  if (issuers) settings.expectedIssuers = issuers;
  const caFile = str(obj, 'caFile', path);
  if (caFile) settings.caFile = caFile;
  const winhttp = str(obj, 'winhttpProxyFile', path);
  if (winhttp) settings.winhttpProxyFile = winhttp;
  return settings;
}
