import { ConfigError } from './schema.js';

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

/** The `network` section after schema validation, with the schema's defaults filled in: the settings before the proxy list is parsed. */
export type NetworkConfig = Omit<NetworkSettings, 'proxies'> & {
  proxies: Array<string | { pac: string } | { url: string; usernameEnv?: string; passwordEnv?: string }>;
};

/** `http://host:port` → parts; credentials split off. Throws with a message that never repeats the password. */
export function parseProxyUrl(text: string, path: string): { url: string; username?: string; password?: string } {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ConfigError(path, 'is not a URL (expected http://host:port, "direct", "env" or {"pac": ...})');
  }
  if (u.protocol !== 'http:') throw new ConfigError(path, `proxy scheme ${u.protocol} is not supported (use http://host:port)`);
  if (!u.hostname) throw new ConfigError(path, 'has no host');
  if (u.pathname !== '/' || u.search || u.hash) throw new ConfigError(path, 'must be just http://host:port');
  const url = `http://${u.host}`;
  const out: { url: string; username?: string; password?: string } = { url };
  if (u.username || u.password) {
    out.username = decodeURIComponent(u.username);
    out.password = decodeURIComponent(u.password);
  }
  return out;
}

function proxySetting(raw: NetworkConfig['proxies'][number], path: string): ProxySetting {
  if (raw === 'direct') return { kind: 'direct' };
  if (raw === 'env') return { kind: 'env' };
  if (typeof raw === 'string') {
    const p = parseProxyUrl(raw, path);
    const s: ProxySetting = { kind: 'http', url: p.url };
    if (p.username !== undefined) s.inline = { username: p.username, password: p.password ?? '' };
    return s;
  }
  if ('pac' in raw) return { kind: 'pac', source: raw.pac };
  const s: ProxySetting = { kind: 'http', url: parseProxyUrl(raw.url, `${path}.url`).url };
  if (raw.usernameEnv && raw.passwordEnv) {
    s.usernameEnv = raw.usernameEnv;
    s.passwordEnv = raw.passwordEnv;
  }
  return s;
}

/** NetworkSettings from the schema-validated section (the schema has checked shapes and filled defaults). */
export function networkSettings(n: NetworkConfig): NetworkSettings {
  const settings: NetworkSettings = {
    proxies: n.proxies.map((p, i) => proxySetting(p, `network.proxies[${i}]`)),
    timeoutMs: n.timeoutMs,
    seamlessSso: n.seamlessSso,
    expectedIssuers: n.expectedIssuers,
    concurrency: n.concurrency,
  };
  if (n.dnsServers) settings.dnsServers = n.dnsServers;
  if (n.caFile) settings.caFile = n.caFile;
  if (n.winhttpProxyFile) settings.winhttpProxyFile = n.winhttpProxyFile;
  return settings;
}
