import { ResultCodeError, type Client, type Entry } from 'ldapts';
import type { DomainEntry } from '../../artifacts/types.js';
import { readSid } from '../../derived/security-descriptor.js';
import { describeFailure } from './failure.js';
import { ExtendedDnControl } from './extended-dn-control.js';

/** A forest with more domains than this is cut (and the cut noted); real forests have a handful. */
export const MAX_DOMAINS = 100;
/** Domain heads read one by one (objectSid) when the crossRef gave no SID, at most this many. */
const MAX_HEAD_READS = 20;
/** crossRefs of domain naming contexts: systemFlags has FLAG_CR_NTDS_DOMAIN (2). */
const DOMAIN_CROSSREFS = '(&(objectClass=crossRef)(systemFlags:1.2.840.113556.1.4.803:=2))';

function text(entry: Entry, name: string): string | undefined {
  const v = entry[name];
  const one = Array.isArray(v) ? v[0] : v;
  if (one === undefined) return undefined;
  return (Buffer.isBuffer(one) ? one.toString('utf8') : String(one)).slice(0, 1024);
}

/** `<GUID=…>;<SID=S-1-5-21-…>;DC=…` (string or hex SID form) → DN and SID. */
export function splitExtendedDn(value: string): { dn: string; sid?: string } {
  let rest = value;
  let sid: string | undefined;
  for (;;) {
    const m = /^<([A-Za-z]+)=([^>]*)>;?/.exec(rest);
    if (!m) break;
    if (m[1]?.toUpperCase() === 'SID') sid = sidText(m[2] ?? '');
    rest = rest.slice(m[0].length);
  }
  return sid ? { dn: rest, sid } : { dn: rest };
}

function sidText(raw: string): string | undefined {
  if (/^S-1-\d+(-\d+)+$/i.test(raw)) return raw.toUpperCase();
  if (/^[0-9a-f]+$/i.test(raw) && raw.length % 2 === 0) {
    try {
      return readSid(Buffer.from(raw, 'hex'), 0).sid;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function headSid(client: Client, nc: string, rethrow: (err: unknown) => undefined): Promise<string | undefined> {
  const result = await client.search(nc, { scope: 'base', attributes: ['objectSid'], explicitBufferAttributes: ['objectSid'] }).catch(rethrow);
  const sid = result?.searchEntries[0]?.['objectSid'];
  const buf = Array.isArray(sid) ? sid[0] : sid;
  if (!Buffer.isBuffer(buf)) return undefined;
  try {
    return readSid(buf, 0).sid;
  } catch {
    return undefined;
  }
}

/**
 * The domains of the forest with their SIDs: the domain crossRefs of CN=Partitions (their nCName read
 * with the extended DN control carries the SID), then objectSid of any domain head still without one
 * (answers only for domains this DC holds; others refer elsewhere and stay without a SID).
 */
export async function readDomains(
  client: Client,
  configNc: string,
  rethrow: (err: unknown) => undefined,
): Promise<{ ok: true; value: DomainEntry[] } | { ok: false; error: string }> {
  let entries: Entry[];
  try {
    const result = await client.search(
      `CN=Partitions,${configNc}`,
      { scope: 'one', filter: DOMAIN_CROSSREFS, attributes: ['nCName', 'dnsRoot'], sizeLimit: MAX_DOMAINS },
      new ExtendedDnControl(),
    );
    entries = result.searchEntries;
  } catch (err) {
    if (!(err instanceof ResultCodeError)) throw err;
    return { ok: false, error: describeFailure(err, 'search').message };
  }
  const domains: DomainEntry[] = [];
  for (const e of entries.slice(0, MAX_DOMAINS)) {
    const raw = text(e, 'nCName');
    if (!raw) continue;
    const { dn, sid } = splitExtendedDn(raw);
    const d: DomainEntry = { nc: dn };
    const dnsRoot = text(e, 'dnsRoot');
    if (dnsRoot) d.dnsRoot = dnsRoot.toLowerCase();
    if (sid) Object.assign(d, { sid, sidSource: 'extended-dn' });
    domains.push(d);
  }
  const missing = domains.filter((d) => !d.sid).slice(0, MAX_HEAD_READS);
  const sids = await Promise.all(missing.map((d) => headSid(client, d.nc, rethrow)));
  missing.forEach((d, i) => {
    const sid = sids[i];
    if (sid) Object.assign(d, { sid, sidSource: 'objectSid' });
  });
  return { ok: true, value: domains.sort((a, b) => a.nc.localeCompare(b.nc)) };
}
