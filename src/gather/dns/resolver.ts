import { Resolver, promises as dnsPromises } from 'node:dns';
import { isIP } from 'node:net';
import { withTimeout } from '../../util/timeout.js';
import { querySrvDirect } from './srv-direct.js';

/** A small DNS view: SRV and address lookups, through given servers or the system resolver. */
export interface DnsClient {
  srv(name: string): Promise<Array<{ name: string; port: number; priority: number; weight: number }>>;
  addresses(host: string): Promise<string[]>;
}

/** c-ares (Node 24) rejects some valid SRV answers (Samba's) as EBADRESP: ask again ourselves. */
async function withSrvFallback<T>(first: Promise<T>, name: string, servers: string[], timeoutMs: number): Promise<T | Awaited<ReturnType<typeof querySrvDirect>>> {
  try {
    return await first;
  } catch (err) {
    if ((err as { code?: string }).code !== 'EBADRESP') throw err;
    return querySrvDirect(name, servers, timeoutMs);
  }
}

export function createDnsClient(servers: string[] | undefined, timeoutMs: number): DnsClient {
  if (servers && servers.length > 0) {
    const resolver = new Resolver({ timeout: Math.max(100, Math.floor(timeoutMs / 2)), tries: 2 });
    resolver.setServers(servers);
    const p = resolver as unknown as {
      resolveSrv: Resolver['resolveSrv'];
      resolve4: Resolver['resolve4'];
      resolve6: Resolver['resolve6'];
    };
    const call = <T>(fn: (cb: (err: NodeJS.ErrnoException | null, v: T) => void) => void): Promise<T> =>
      withTimeout(
        new Promise<T>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v)))),
        timeoutMs,
        'dns',
        () => resolver.cancel(),
      );
    return {
      srv: (name) => withSrvFallback(call((cb) => p.resolveSrv(name, cb)), name, servers, timeoutMs),
      addresses: async (host) => {
        if (isIP(host)) return [host];
        const [v4, v6] = await Promise.allSettled([
          call<string[]>((cb) => p.resolve4(host, cb)),
          call<string[]>((cb) => p.resolve6(host, cb)),
        ]);
        const found = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
        if (found.length > 0) return found;
        throw v4.status === 'rejected' ? v4.reason : new Error(`no address for ${host}`);
      },
    };
  }
  return {
    srv: (name) => withSrvFallback(withTimeout(dnsPromises.resolveSrv(name), timeoutMs, 'dns'), name, dnsPromises.getServers(), timeoutMs),
    addresses: async (host) => {
      if (isIP(host)) return [host];
      const all = await withTimeout(dnsPromises.lookup(host, { all: true }), timeoutMs, 'dns');
      return all.map((a) => a.address);
    },
  };
}
