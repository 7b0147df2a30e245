/**
 * The LDAP session a fix writes through: LDAPS or StartTLS only (never plain LDAP), TLS 1.2+ verified
 * against the DC's host name with the forest's CA file, bound as the write account, every call
 * time-boxed. The only code that writes to AD.
 */
import net from 'node:net';
import tls from 'node:tls';
import { Attribute, Change, Client, NoSuchObjectError, type Entry } from 'ldapts';
import type { TlsMode } from '../../artifacts/types.js';
import { dcSecureContext } from '../../gather/ldap/dc.js';
import { describeFailure } from '../../gather/ldap/failure.js';
import { SdFlagsControl } from '../../gather/ldap/sd-flags-control.js';
import type { DnsClient } from '../../gather/dns/resolver.js';
import { withTimeout } from '../../util/timeout.js';
import { BINARY_ATTRIBUTES, type BackupObject } from '../backup.js';

export interface WriteTarget {
  host: string;
  port: number;
  tls: TlsMode;
  extraCa?: string;
  bindDn?: string;
  password?: string;
  timeoutMs: number;
}

/** What a backup keeps of an object (the attributes a fix may change, and what identifies it). */
const BACKUP_ATTRIBUTES = ['objectClass', 'cn', 'keywords', 'objectGUID', 'whenChanged', 'nTSecurityDescriptor'];

/** An LDAP error as one line: the result name and the server's message, never a secret. */
export function ldapErrorLine(err: unknown): string {
  const f = describeFailure(err, 'search');
  return `${f.code}: ${f.message}`;
}

export class WriteSession {
  private constructor(private readonly client: Client, private readonly timeoutMs: number, readonly host: string) {}

  static async open(target: WriteTarget, dns: DnsClient): Promise<WriteSession> {
    if (target.tls === 'plain') throw new Error('writes need LDAPS or StartTLS (the forest is configured with tls "plain")');
    const [address] = await dns.addresses(target.host);
    if (!address) throw new Error(`${target.host} has no address`);
    const tlsOptions: tls.ConnectionOptions = {
      secureContext: dcSecureContext(target.extraCa),
      rejectUnauthorized: true,
      checkServerIdentity: (_h, cert) => tls.checkServerIdentity(target.host, cert),
      ...(net.isIP(target.host) === 0 ? { servername: target.host } : {}),
    };
    const host = net.isIPv6(address) ? `[${address}]` : address;
    const client = new Client({
      url: `${target.tls === 'ldaps' ? 'ldaps' : 'ldap'}://${host}:${target.port}`,
      timeout: target.timeoutMs,
      connectTimeout: target.timeoutMs,
      strictDN: false,
      ...(target.tls === 'ldaps' ? { tlsOptions } : {}),
    });
    const session = new WriteSession(client, target.timeoutMs, target.host);
    try {
      if (target.tls === 'starttls') await session.time(client.startTLS(tlsOptions), 'StartTLS');
      if (target.bindDn) await session.time(client.bind(target.bindDn, target.password ?? ''), 'bind');
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  private time<T>(p: Promise<T>, what: string): Promise<T> {
    return withTimeout(p, this.timeoutMs, what);
  }

  /** The DC's configuration naming context (rootDSE). */
  async configurationNc(): Promise<string | undefined> {
    const r = await this.time(this.client.search('', { scope: 'base', attributes: ['configurationNamingContext'] }), 'rootDSE');
    const v = r.searchEntries[0]?.['configurationNamingContext'];
    return v === undefined ? undefined : String(Array.isArray(v) ? v[0] : v);
  }

  /** The object as a backup keeps it (DACL only, via the SD flags control), or existed: false. */
  async readForBackup(dn: string): Promise<BackupObject> {
    let entry: Entry | undefined;
    try {
      const r = await this.time(this.client.search(dn, { scope: 'base', attributes: BACKUP_ATTRIBUTES, explicitBufferAttributes: BINARY_ATTRIBUTES }, new SdFlagsControl()), 'search');
      entry = r.searchEntries[0];
    } catch (err) {
      if (err instanceof NoSuchObjectError) return { dn, existed: false };
      throw err;
    }
    if (!entry) return { dn, existed: false };
    const attributes: Record<string, Array<string | Buffer>> = {};
    for (const name of BACKUP_ATTRIBUTES) {
      const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
      const v = key ? entry[key] : undefined;
      if (v === undefined) continue;
      const values = (Array.isArray(v) ? v : [v]) as Array<string | Buffer>;
      if (values.length) attributes[name] = values.map((x) => (Buffer.isBuffer(x) ? Buffer.from(x) : String(x)));
    }
    return { dn: entry.dn || dn, existed: true, attributes };
  }

  async add(dn: string, attributes: Record<string, string[]>): Promise<void> {
    await this.time(this.client.add(dn, attributes), 'add');
  }

  async replace(dn: string, attribute: string, values: string[]): Promise<void> {
    await this.time(this.client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: attribute, values }) })), 'modify');
  }

  /** Replaces the DACL only (SD flags control = DACL): owner, group and SACL stay as they are. */
  async replaceDacl(dn: string, sd: Buffer): Promise<void> {
    await this.time(this.client.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'nTSecurityDescriptor', values: [sd] }) }), new SdFlagsControl()), 'modify');
  }

  async del(dn: string): Promise<void> {
    await this.time(this.client.del(dn), 'delete');
  }

  async close(): Promise<void> {
    await withTimeout(this.client.unbind(), 2000, 'unbind').catch(() => undefined);
  }
}
