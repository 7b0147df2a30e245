/**
 * Computer objects for the inventory tests, in one lab forest (fabrikam: one DC, so every object is
 * on the DC the tool reads). Real objects in several OUs, each with the userCertificate a device of
 * that kind would have written (self-signed, subject CN=<objectGUID>, read back from the DC after
 * the object exists), or a broken one. Created by a test's beforeAll, removed by its afterAll.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AlreadyExistsError, Attribute, Change, NoSuchObjectError, type Client } from 'ldapts';
import { objectGuidToString } from '../../src/derived/computers/guid.js';
import { selfSignedCertificate } from '../support/x509-build.js';
import type { LabForest } from './samba.js';
import { withAdmin } from './scp.js';

export const INVENTORY_OU = 'HaadjInventory';
const DAY = 86_400_000;

export type CertKind = 'valid' | 'valid-braces' | 'expired' | 'not-yet-valid' | 'wrong-subject' | 'garbage' | 'sixteen' | 'expired-and-valid';

export interface LabComputerSpec {
  name: string;
  /** Sub-OU of OU=HaadjInventory. */
  ou: string;
  os?: string;
  osVersion?: string;
  cert?: CertKind;
  disabled?: boolean;
  /** lastLogonTimestamp this many days ago. */
  lastLogonDaysAgo?: number;
  /** What the tool must say (the test compares). */
  expect: { verdict: string; reasons: string[] };
}

const WIN10 = { os: 'Windows 10 Enterprise', osVersion: '10.0 (19045)' };

/** The lab's computers: every certificate / OS / scope / disabled / stale case. */
export const LAB_COMPUTERS: LabComputerSpec[] = [
  { name: 'WS-VALID', ou: 'Workstations', ...WIN10, cert: 'valid', lastLogonDaysAgo: 1, expect: { verdict: 'ready', reasons: [] } },
  { name: 'WS-WIN11', ou: 'Workstations', os: 'Windows 11 Enterprise', osVersion: '10.0 (22631)', cert: 'valid-braces', lastLogonDaysAgo: 2, expect: { verdict: 'ready', reasons: [] } },
  { name: 'WS-MIXED', ou: 'Workstations', ...WIN10, cert: 'expired-and-valid', expect: { verdict: 'ready', reasons: [] } },
  { name: 'WS-NOCERT', ou: 'Workstations', ...WIN10, expect: { verdict: 'not-started', reasons: ['certificate-none'] } },
  { name: 'WS-EXPIRED', ou: 'Workstations', ...WIN10, cert: 'expired', expect: { verdict: 'blocked', reasons: ['certificate-expired'] } },
  { name: 'WS-FUTURE', ou: 'Workstations', ...WIN10, cert: 'not-yet-valid', expect: { verdict: 'blocked', reasons: ['certificate-not-yet-valid'] } },
  { name: 'WS-WRONGSUBJ', ou: 'Workstations', ...WIN10, cert: 'wrong-subject', expect: { verdict: 'blocked', reasons: ['certificate-wrong-subject'] } },
  { name: 'WS-GARBAGE', ou: 'Workstations', ...WIN10, cert: 'garbage', expect: { verdict: 'blocked', reasons: ['certificate-unparsable'] } },
  { name: 'WS-MANY', ou: 'Workstations', ...WIN10, cert: 'sixteen', expect: { verdict: 'blocked', reasons: ['certificate-too-many'] } },
  { name: 'WS-DISABLED', ou: 'Workstations', ...WIN10, cert: 'valid', disabled: true, expect: { verdict: 'excluded', reasons: ['disabled'] } },
  { name: 'WS-STALE', ou: 'Workstations', ...WIN10, cert: 'valid', lastLogonDaysAgo: 200, expect: { verdict: 'excluded', reasons: ['stale'] } },
  { name: 'SRV-2019', ou: 'Servers', os: 'Windows Server 2019 Datacenter', osVersion: '10.0 (17763)', cert: 'valid', expect: { verdict: 'ready', reasons: [] } },
  { name: 'SRV-2012R2', ou: 'Servers', os: 'Windows Server 2012 R2 Standard', osVersion: '6.3 (9600)', expect: { verdict: 'blocked', reasons: ['os-down-level', 'certificate-none'] } },
  { name: 'PC-WIN7', ou: 'Legacy', os: 'Windows 7 Professional', osVersion: '6.1 (7601)', expect: { verdict: 'blocked', reasons: ['os-down-level', 'certificate-none'] } },
  { name: 'NAS-SAMBA', ou: 'Legacy', os: 'Samba', osVersion: '4.19.5-Debian', expect: { verdict: 'blocked', reasons: ['os-not-windows', 'certificate-none'] } },
  { name: 'WS-OUT1', ou: 'NotSynced', ...WIN10, cert: 'valid', expect: { verdict: 'blocked', reasons: ['out-of-sync-scope'] } },
  { name: 'WS-OUT2', ou: 'NotSynced', ...WIN10, expect: { verdict: 'blocked', reasons: ['out-of-sync-scope', 'certificate-none'] } },
];

export const inventoryOuDn = (f: LabForest, sub?: string) => `${sub ? `OU=${sub},` : ''}OU=${INVENTORY_OU},${f.baseDn}`;
export const computerDn = (f: LabForest, c: Pick<LabComputerSpec, 'name' | 'ou'>) => `CN=${c.name},${inventoryOuDn(f, c.ou)}`;

/** The sync scope the tests configure: the inventory OU, without its NotSynced child. */
export const labSyncScope = (f: LabForest) => ({ include: [inventoryOuDn(f)], exclude: [inventoryOuDn(f, 'NotSynced')] });

/** FILETIME (100 ns since 1601) of a date, as AD stores lastLogonTimestamp. */
export const fileTime = (d: Date): string => String((BigInt(d.getTime()) + 11_644_473_600_000n) * 10_000n);

function certificatesFor(kind: CertKind, guid: string, now: number): Buffer[] {
  const cert = (cn: string, fromDays: number, toDays: number) => selfSignedCertificate({ subjectCn: cn, notBefore: new Date(now + fromDays * DAY), notAfter: new Date(now + toDays * DAY) });
  switch (kind) {
    case 'valid': return [cert(guid, -10, 365 * 5)];
    case 'valid-braces': return [cert(`{${guid.toUpperCase()}}`, -10, 365 * 5)];
    case 'expired': return [cert(guid, -400, -30)];
    case 'not-yet-valid': return [cert(guid, 30, 400)];
    case 'wrong-subject': return [cert(randomUUID(), -10, 365)];
    case 'garbage': return [randomBytes(200)];
    case 'expired-and-valid': return [cert(guid, -400, -30), cert(guid, -10, 365)];
    case 'sixteen': return Array.from({ length: 16 }, (_, i) => cert(guid, -10 - i, 365));
  }
}

async function readGuid(c: Client, dn: string): Promise<string> {
  const { searchEntries } = await c.search(dn, { scope: 'base', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'] });
  const raw = searchEntries[0]?.['objectGUID'];
  const guid = Buffer.isBuffer(raw) ? objectGuidToString(raw) : undefined;
  if (!guid) throw new Error(`no objectGUID on ${dn}`);
  return guid;
}

async function addComputer(c: Client, f: LabForest, spec: LabComputerSpec, now: number): Promise<string> {
  const dn = computerDn(f, spec);
  const attrs: Record<string, string | string[]> = {
    objectClass: 'computer',
    sAMAccountName: `${spec.name}$`,
    userAccountControl: String(0x1000 | (spec.disabled ? 0x2 : 0)),
    dNSHostName: `${spec.name.toLowerCase()}.${f.name}`,
  };
  if (spec.os) attrs['operatingSystem'] = spec.os;
  if (spec.osVersion) attrs['operatingSystemVersion'] = spec.osVersion;
  await c.add(dn, attrs);
  const guid = await readGuid(c, dn);
  const changes: Change[] = [];
  if (spec.cert) changes.push(new Change({ operation: 'replace', modification: new Attribute({ type: 'userCertificate', values: certificatesFor(spec.cert, guid, now) }) }));
  if (spec.lastLogonDaysAgo !== undefined) changes.push(new Change({ operation: 'replace', modification: new Attribute({ type: 'lastLogonTimestamp', values: [fileTime(new Date(now - spec.lastLogonDaysAgo * DAY))] }) }));
  if (changes.length) await c.modify(dn, changes);
  return guid;
}

/**
 * The lab computers belong to one test file at a time: files of one run share the forest, and one file's
 * removal must not pull the objects from under another's reads. A directory in the forest's own lab folder
 * is the lock (that folder dies with the run); waiting is bounded.
 */
const LOCK_WAIT_MS = 150_000; // below the integration hookTimeout (180 s)

async function lockComputers(f: LabForest): Promise<void> {
  const lock = join(f.dir, 'lab-computers.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() > deadline) throw new Error(`the lab computers of ${f.name} stayed locked for ${LOCK_WAIT_MS / 1000} s (${lock})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** Creates the OUs and computers (removing leftovers first), for this file alone until removeLabComputers. Returns each computer's objectGUID by name. */
export async function createLabComputers(f: LabForest, now = Date.now()): Promise<Record<string, string>> {
  await lockComputers(f);
  await removeComputerTree(f);
  return withAdmin(f, async (c) => {
    await c.add(inventoryOuDn(f), { objectClass: 'organizationalUnit' }).catch((e: unknown) => { if (!(e instanceof AlreadyExistsError)) throw e; });
    for (const ou of [...new Set(LAB_COMPUTERS.map((x) => x.ou))]) await c.add(inventoryOuDn(f, ou), { objectClass: 'organizationalUnit' });
    const guids: Record<string, string> = {};
    for (const spec of LAB_COMPUTERS) guids[spec.name] = await addComputer(c, f, spec, now);
    return guids;
  });
}

/** Deletes the inventory OU tree and hands the lab computers to the next file. */
export async function removeLabComputers(f: LabForest): Promise<void> {
  try {
    await removeComputerTree(f);
  } finally {
    rmSync(join(f.dir, 'lab-computers.lock'), { recursive: true, force: true });
  }
}

/** Deletes the inventory OU tree (deepest first); nothing when absent. */
async function removeComputerTree(f: LabForest): Promise<void> {
  await withAdmin(f, async (c) => {
    let dns: string[];
    try {
      dns = (await c.search(inventoryOuDn(f), { scope: 'sub', attributes: ['1.1'] })).searchEntries.map((e) => e.dn);
    } catch (e) {
      if (e instanceof NoSuchObjectError) return;
      throw e;
    }
    dns.sort((a, b) => b.split(',').length - a.split(',').length);
    for (const dn of dns) await c.del(dn).catch((e: unknown) => { if (!(e instanceof NoSuchObjectError)) throw e; });
  });
}

/** The config entry of a lab forest for the inventory (its password from `passwordEnv`, the lab sync scope). */
export function labInventoryForest(f: LabForest, passwordEnv: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { name: f.name, dnsServers: [f.ip], caFile: f.caFile, bindDn: f.bindDn, passwordEnv, timeoutMs: 8000, syncScope: labSyncScope(f), ...over };
}
