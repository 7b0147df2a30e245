import type { DcTarget, ForestArtifact } from '../../artifacts/types.js';
import { defaultPort, type ForestSettings } from '../../config/settings.js';
import type { DnsClient } from '../dns/resolver.js';
import { describeFailure } from './failure.js';

/** `dc1.contoso.com`, `dc1.contoso.com:3269`, `[::1]:636` → host and port. */
export function parseServer(spec: string, fallbackPort: number): { host: string; port: number } {
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (bracket) return { host: bracket[1] as string, port: bracket[2] ? Number(bracket[2]) : fallbackPort };
  const parts = spec.split(':');
  if (parts.length === 2 && /^\d+$/.test(parts[1] as string)) return { host: parts[0] as string, port: Number(parts[1]) };
  return { host: spec, port: fallbackPort };
}

export function srvNameFor(forest: string): string {
  return `_ldap._tcp.dc._msdcs.${forest}`;
}

/** Finds the DCs of a forest: the configured list, or the DNS SRV records devices themselves use. */
export async function discoverDcs(forest: ForestSettings, dns: DnsClient): Promise<ForestArtifact['discovery']> {
  const port = forest.port ?? defaultPort(forest.tls);
  if (forest.servers && forest.servers.length > 0) {
    const targets: DcTarget[] = forest.servers.map((s) => ({ ...parseServer(s, port), source: 'config' }));
    return { ok: true, value: { source: 'config', targets } };
  }
  const srvName = srvNameFor(forest.name);
  try {
    const records = await dns.srv(srvName);
    // SRV gives the LDAP port (389); we use the port of the chosen TLS mode.
    const targets: DcTarget[] = records
      .map((r) => ({ host: r.name.toLowerCase().replace(/\.$/, ''), port, source: 'srv' as const, priority: r.priority, weight: r.weight }))
      .sort((a, b) => a.priority - b.priority || b.weight - a.weight || a.host.localeCompare(b.host));
    const value: { source: 'srv'; targets: DcTarget[]; srvName: string; dnsServers?: string[] } = { source: 'srv', targets, srvName };
    if (forest.dnsServers) value.dnsServers = forest.dnsServers;
    return { ok: true, value };
  } catch (err) {
    const failure = describeFailure(err, 'dns');
    return { ok: false, failure: { ...failure, message: `SRV lookup ${srvName} failed: ${failure.message}` } };
  }
}
