/**
 * The computer inventory of one forest: every computer object of every domain (or the configured
 * ones), read with the paged-results control one page at a time (ldapts searchPaginated yields each
 * page as it arrives), each entry reduced to a ComputerRecord before the next page is requested.
 */
import net from 'node:net';
import tls from 'node:tls';
import { Client, type Entry } from 'ldapts';
import { MAX_CERTIFICATE_FACTS, type ComputerRecord, type InventoryArtifact, type InventoryDomain } from '../../artifacts/inventory.js';
import type { DcTarget, ForestArtifact } from '../../artifacts/types.js';
import { defaultPort, type ForestSettings, type InventorySettings } from '../../config/settings.js';
import { objectGuidToString } from '../../derived/computers/guid.js';
import { withTimeout } from '../../util/timeout.js';
import { certificateFacts } from '../computer-certificate.js';
import { createDnsClient, type DnsClient } from '../dns/resolver.js';
import { dcSecureContext } from './dc.js';
import { srvNameFor } from './discover.js';
import { describeFailure } from './failure.js';
import type { ForestSecrets } from './forest.js';

export const COMPUTER_ATTRIBUTES = [
  'objectGUID', 'name', 'dNSHostName', 'operatingSystem', 'operatingSystemVersion', 'userAccountControl',
  'lastLogonTimestamp', 'pwdLastSet', 'whenCreated', 'userCertificate',
];
const COMPUTER_FILTER = '(objectClass=computer)';
const MAX_TEXT = 1024;

/** Streaming hooks: each record as read, each page as finished (awaited: the caller may wait for its output to drain). */
export interface InventoryHooks {
  /** When set, records are handed here and not kept in the artifact. */
  onComputer?: (record: ComputerRecord, where: { forest: string; domain: InventoryDomain; inventory: InventoryArtifact }) => void;
  onPage?: (progress: { forest: string; domain: string; pages: number; count: number }) => void | Promise<void>;
}

/** A domain to read and the DC to read it from. */
interface DomainPlan {
  nc: string;
  dnsRoot?: string;
  target?: DcTarget;
}

// ------------------------------------------------------------------ what the forest gather found (one place)

/**
 * Reads the forest artifact's DC results: the first DC that answered, its domain naming context, and
 * the forest's domains (crossRefs). The only function here that knows the DC artifact's fields.
 */
export function forestDirectory(forest: ForestArtifact): { target?: DcTarget; defaultNc?: string; domains: Array<{ nc: string; dnsRoot?: string }> } {
  const read = forest.dcs.flatMap((dc) => (dc.outcome.ok ? [{ dc, seen: dc.outcome.value }] : []));
  const good = read.find((r) => r.seen.rootDse?.defaultNamingContext);
  const domains = read.find((r) => r.seen.domains && r.seen.domains.length > 0)?.seen.domains ?? [];
  if (!good) return { domains };
  const target: DcTarget = { host: good.dc.host, port: good.dc.port, source: 'config' };
  return { target, defaultNc: good.seen.rootDse?.defaultNamingContext, domains };
}

// ------------------------------------------------------------------ entries → records

function values(entry: Entry, lowerName: string, keys: Map<string, string>): Array<string | Buffer> {
  const key = keys.get(lowerName);
  if (key === undefined) return [];
  const v = entry[key];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

function text(entry: Entry, lowerName: string, keys: Map<string, string>): string | undefined {
  const v = values(entry, lowerName, keys)[0];
  if (v === undefined) return undefined;
  return (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)).slice(0, MAX_TEXT);
}

/** One search entry → its record: text bounded, GUID converted, certificates reduced to facts. */
export function toComputerRecord(entry: Entry): ComputerRecord {
  const keys = new Map(Object.keys(entry).map((k) => [k.toLowerCase(), k]));
  const record: ComputerRecord = { dn: entry.dn.slice(0, 4 * MAX_TEXT), certificateCount: 0, certificates: [] };
  const guid = values(entry, 'objectguid', keys)[0];
  if (Buffer.isBuffer(guid)) {
    const g = objectGuidToString(guid);
    if (g) record.objectGuid = g;
  }
  for (const [attr, field] of [['name', 'name'], ['dnshostname', 'dnsHostName'], ['operatingsystem', 'operatingSystem'], ['operatingsystemversion', 'operatingSystemVersion'],
    ['lastlogontimestamp', 'lastLogonTimestamp'], ['pwdlastset', 'pwdLastSet'], ['whencreated', 'whenCreated']] as const) {
    const v = text(entry, attr, keys);
    if (v !== undefined) record[field] = v;
  }
  const uac = text(entry, 'useraccountcontrol', keys);
  if (uac !== undefined && /^-?\d+$/.test(uac)) record.userAccountControl = Number(uac) >>> 0;
  const certs = values(entry, 'usercertificate', keys).filter(Buffer.isBuffer);
  record.certificateCount = certs.length;
  record.certificates = certs.slice(0, MAX_CERTIFICATE_FACTS).map(certificateFacts);
  return record;
}

// ------------------------------------------------------------------ sessions

async function openSession(target: DcTarget, forest: ForestSettings, secrets: ForestSecrets, dns: DnsClient): Promise<Client> {
  const address = (await dns.addresses(target.host))[0] as string;
  const tlsOptions: tls.ConnectionOptions = {
    secureContext: dcSecureContext(secrets.extraCa),
    rejectUnauthorized: true,
    checkServerIdentity: (_host, cert) => tls.checkServerIdentity(target.host, cert),
    ...(net.isIP(target.host) === 0 ? { servername: target.host } : {}),
  };
  const client = new Client({
    url: `${forest.tls === 'ldaps' ? 'ldaps' : 'ldap'}://${net.isIPv6(address) ? `[${address}]` : address}:${target.port}`,
    timeout: forest.timeoutMs,
    connectTimeout: forest.timeoutMs,
    ...(forest.tls === 'ldaps' ? { tlsOptions } : {}),
    strictDN: false,
  });
  try {
    if (forest.tls === 'starttls') await client.startTLS(tlsOptions);
    if (forest.bindDn) await client.bind(forest.bindDn, secrets.password ?? '');
  } catch (err) {
    await client.unbind().catch(() => undefined);
    throw err;
  }
  return client;
}

/** A domain other than the one the forest's DC holds: its DCs from DNS SRV, as devices find them. */
async function domainTarget(dnsRoot: string, forest: ForestSettings, dns: DnsClient): Promise<DcTarget> {
  const records = await dns.srv(srvNameFor(dnsRoot));
  const best = [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight || a.name.localeCompare(b.name))[0];
  if (!best) throw Object.assign(new Error(`no SRV record ${srvNameFor(dnsRoot)}`), { code: 'ENOTFOUND' });
  return { host: best.name.toLowerCase().replace(/\.$/, ''), port: forest.port ?? defaultPort(forest.tls), source: 'srv' };
}

// ------------------------------------------------------------------ one domain

interface Sink {
  keep?: ComputerRecord[];
  hooks: InventoryHooks;
  inventory: InventoryArtifact;
}

async function readDomain(plan: DomainPlan, forest: ForestSettings, secrets: ForestSecrets, dns: DnsClient, settings: InventorySettings, sink: Sink): Promise<InventoryDomain> {
  const started = Date.now();
  const domain: InventoryDomain = { nc: plan.nc, count: 0, pages: 0, complete: false, durationMs: 0 };
  if (plan.dnsRoot) domain.dnsRoot = plan.dnsRoot;
  let stage: 'dns' | 'connect' | 'search' = 'dns';
  let client: Client | undefined;
  try {
    const target = plan.target ?? (await domainTarget(plan.dnsRoot ?? '', forest, dns));
    domain.server = `${target.host}:${target.port}`;
    stage = 'connect';
    client = await withTimeout(openSession(target, forest, secrets, dns), forest.timeoutMs, 'LDAP session');
    stage = 'search';
    const pages = client.searchPaginated(plan.nc, {
      scope: 'sub', filter: COMPUTER_FILTER, attributes: COMPUTER_ATTRIBUTES,
      explicitBufferAttributes: ['objectGUID', 'userCertificate'], paged: { pageSize: settings.pageSize },
    });
    // One page ahead: the DC prepares page n+1 while page n is judged (at most two pages in memory).
    const it = pages[Symbol.asyncIterator]();
    let next = it.next();
    for (;;) {
      const result = await next;
      if (result.done) break;
      next = it.next();
      next.catch(() => undefined); // awaited on the next turn; a failure there is recorded then
      const page = result.value;
      domain.pages++;
      for (const entry of page.searchEntries) {
        const record = toComputerRecord(entry);
        domain.count++;
        if (sink.hooks.onComputer) sink.hooks.onComputer(record, { forest: forest.name, domain, inventory: sink.inventory });
        else sink.keep?.push(record);
      }
      await sink.hooks.onPage?.({ forest: forest.name, domain: plan.dnsRoot ?? plan.nc, pages: domain.pages, count: domain.count });
    }
    domain.complete = true;
  } catch (err) {
    const f = describeFailure(err, stage === 'connect' ? 'bind' : stage);
    domain.error = f;
  } finally {
    await client?.unbind().catch(() => undefined);
    domain.durationMs = Date.now() - started;
  }
  return domain;
}

/** The domains to read: the forest's crossRefs (or the DC's own domain), narrowed by inventory.domains. */
function planDomains(forestArtifact: ForestArtifact, settings: InventorySettings): { plans: DomainPlan[]; skipped: string[] } | { error: string } {
  const dir = forestDirectory(forestArtifact);
  if (!dir.target || !dir.defaultNc) return { error: 'no DC of the forest answered, so no domain could be read' };
  const listed = dir.domains.length > 0 ? dir.domains : [{ nc: dir.defaultNc }];
  const wanted = settings.domains?.map((d) => d.toLowerCase());
  const isWanted = (d: { nc: string; dnsRoot?: string }) => !wanted || wanted.includes(d.nc.toLowerCase()) || (d.dnsRoot !== undefined && wanted.includes(d.dnsRoot.toLowerCase()));
  const skipped = listed.filter((d) => !isWanted(d)).map((d) => d.nc);
  const plans = listed
    .filter(isWanted)
    .map((d): DomainPlan => ({ nc: d.nc, ...(d.dnsRoot ? { dnsRoot: d.dnsRoot } : {}), ...(d.nc.toLowerCase() === dir.defaultNc?.toLowerCase() ? { target: dir.target } : {}) }));
  return { plans, skipped };
}

/** Reads the inventory of one forest after its DCs were read. Never throws: failures are recorded per domain. */
export async function gatherInventory(forest: ForestSettings, forestArtifact: ForestArtifact, secrets: ForestSecrets, settings: InventorySettings, hooks: InventoryHooks = {}): Promise<InventoryArtifact> {
  const artifact: InventoryArtifact = { collectedAt: new Date().toISOString(), staleDays: settings.staleDays, domains: [] };
  if (forest.syncScope) artifact.syncScope = forest.syncScope;
  const planned = planDomains(forestArtifact, settings);
  if ('error' in planned) {
    artifact.error = { stage: 'connect', code: 'noDc', message: planned.error };
    return artifact;
  }
  const { plans, skipped } = planned;
  if (skipped.length) artifact.skippedDomains = skipped;
  const keep: ComputerRecord[] | undefined = hooks.onComputer ? undefined : [];
  const dns = createDnsClient(forest.dnsServers, forest.timeoutMs);
  for (const plan of plans) artifact.domains.push(await readDomain(plan, forest, secrets, dns, settings, { keep, hooks, inventory: artifact }));
  if (keep) artifact.computers = keep;
  return artifact;
}
