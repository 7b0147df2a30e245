/**
 * Admin helpers for the Device Registration Service Connection Point of a lab forest, over LDAPS
 * with the lab CA and host-name verification.
 *
 * A forest may have several DCs that do not replicate (contoso: dc1 and dc2). Helpers that change
 * the SCP apply the change to EVERY DC of the forest unless `{ dc }` names one, so the forest stays
 * consistent; helpers that read (or hand out a client) use DC1 unless `{ dc }` names another.
 */
import { readFileSync } from 'node:fs';
import { readSid } from '../../src/derived/security-descriptor.js';
import { sid as sidBytesOf } from '../support/sd-build.js';
import { AlreadyExistsError, Attribute, Change, Client, NoSuchObjectError } from 'ldapts';
import { type DcKey, type LabForest, allDcViews, dcView } from './samba.js';
import { DACL_SECURITY_INFORMATION, SdFlagsControl } from './sd-flags-control.js';

export const SCP_CN = '62a0ff2e-97b9-4513-943f-0d221bd30080';
export const AUTHENTICATED_USERS = 'S-1-5-11';
/** RP | LC | LO | RC: what `(D;;RPLCLORC;;;AU)` denies. */
export const DENY_READ_MASK = 0x10 | 0x04 | 0x80 | 0x20000;
const ACCESS_DENIED_ACE_TYPE = 1;
const INHERITED_ACE = 0x10;

export const scpContainerDn = (f: LabForest) => `CN=Device Registration Configuration,CN=Services,${f.configDn}`;
export const scpDn = (f: LabForest) => `CN=${SCP_CN},${scpContainerDn(f)}`;

/** Which DC a helper talks to: 'dc1', 'dc2' or a DC host name. */
export interface DcOption {
  dc?: DcKey;
}

/** The DCs a write goes to: the named one, or every DC of the forest. */
const writeTargets = (f: LabForest, opts?: DcOption): LabForest[] => (opts?.dc ? [dcView(f, opts.dc)] : allDcViews(f));

/** A bound admin client (LDAPS, lab CA, servername = DC host name) of DC1 or opts.dc. Caller must unbind. */
export async function adminClient(forest: LabForest, opts?: DcOption): Promise<Client> {
  const f = dcView(forest, opts?.dc);
  const client = new Client({
    url: `ldaps://${f.ip}:636`,
    connectTimeout: 5000,
    timeout: 10_000,
    tlsOptions: { ca: readFileSync(f.caFile), servername: f.dcHostName },
  });
  try {
    await client.bind(f.bindDn, f.password);
  } catch (error) {
    await client.unbind().catch(() => undefined);
    throw error;
  }
  return client;
}

export async function withAdmin<T>(f: LabForest, fn: (client: Client) => Promise<T>, opts?: DcOption): Promise<T> {
  const client = await adminClient(f, opts);
  try {
    return await fn(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

async function ignore<E extends Error>(kind: new (...args: never[]) => E, op: Promise<unknown>): Promise<void> {
  try {
    await op;
  } catch (error) {
    if (!(error instanceof kind)) throw error;
  }
}

export async function ensureScpContainer(forest: LabForest, opts?: DcOption): Promise<void> {
  for (const f of writeTargets(forest, opts)) {
    await withAdmin(f, (c) => ignore(AlreadyExistsError, c.add(scpContainerDn(f), { objectClass: 'container' })));
  }
}

/** Deletes the container and everything below it (deepest first); no error when absent. */
export async function deleteScpContainer(forest: LabForest, opts?: DcOption): Promise<void> {
  for (const f of writeTargets(forest, opts)) await deleteScpContainerOn(f);
}

async function deleteScpContainerOn(f: LabForest): Promise<void> {
  await withAdmin(f, async (c) => {
    let dns: string[];
    try {
      const { searchEntries } = await c.search(scpContainerDn(f), { scope: 'sub', attributes: ['1.1'] });
      dns = searchEntries.map((e) => e.dn);
    } catch (error) {
      if (error instanceof NoSuchObjectError) return;
      throw error;
    }
    dns.sort((a, b) => b.split(',').length - a.split(',').length);
    for (const dn of dns) await ignore(NoSuchObjectError, c.del(dn));
  });
}

/** Creates the SCP (and its container when missing) or replaces its keywords. */
export async function setScp(forest: LabForest, keywords: string[], opts?: DcOption): Promise<void> {
  for (const f of writeTargets(forest, opts)) {
    await withAdmin(f, async (c) => {
      await ignore(AlreadyExistsError, c.add(scpContainerDn(f), { objectClass: 'container' }));
      try {
        await c.add(scpDn(f), { objectClass: 'serviceConnectionPoint', ...(keywords.length ? { keywords } : {}) });
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error;
        await c.modify(scpDn(f), new Change({ operation: 'replace', modification: new Attribute({ type: 'keywords', values: keywords }) }));
      }
    });
  }
}

export async function deleteScp(forest: LabForest, opts?: DcOption): Promise<void> {
  for (const f of writeTargets(forest, opts)) await withAdmin(f, (c) => ignore(NoSuchObjectError, c.del(scpDn(f))));
}

/** The SCP's keywords as the admin sees them on DC1 (or opts.dc), or undefined when the SCP does not exist. */
export async function readScpKeywords(f: LabForest, opts?: DcOption): Promise<string[] | undefined> {
  return withAdmin(f, async (c) => {
    try {
      const { searchEntries } = await c.search(scpDn(f), { scope: 'base', attributes: ['keywords'] });
      const value = searchEntries[0]?.keywords;
      return value === undefined ? [] : ([] as unknown[]).concat(value).map(String);
    } catch (error) {
      if (error instanceof NoSuchObjectError) return undefined;
      throw error;
    }
  }, opts);
}

// --- security descriptor (DACL only) -------------------------------------------------------------

export interface RawAce {
  type: number;
  flags: number;
  mask: number;
  sid: string;
  bytes: Buffer;
}

export const sidToString = (buf: Buffer, offset: number): string => readSid(buf, offset).sid;

/** Splits a self-relative SD into header and DACL ACEs (lab-grade: trusts the server's bytes). */
export function parseDacl(sd: Buffer): { control: number; aclRevision: number; aces: RawAce[] } {
  const control = sd.readUInt16LE(2);
  const daclOffset = sd.readUInt32LE(16);
  if (daclOffset === 0) return { control, aclRevision: 4, aces: [] };
  const aclRevision = sd[daclOffset] ?? 4;
  const count = sd.readUInt16LE(daclOffset + 4);
  const aces: RawAce[] = [];
  let pos = daclOffset + 8;
  for (let i = 0; i < count; i++) {
    const type = sd[pos] ?? 0;
    const size = sd.readUInt16LE(pos + 2);
    let sidAt = pos + 8;
    if (type >= 5 && type <= 8) {
      const objectFlags = sd.readUInt32LE(pos + 8);
      sidAt += 4 + (objectFlags & 1 ? 16 : 0) + (objectFlags & 2 ? 16 : 0);
    }
    aces.push({ type, flags: sd[pos + 1] ?? 0, mask: sd.readUInt32LE(pos + 4), sid: sidToString(sd, sidAt), bytes: sd.subarray(pos, pos + size) });
    pos += size;
  }
  return { control, aclRevision, aces };
}

/** A self-relative SD holding only a DACL (what a modify under SD flags = DACL expects). */
export function buildDaclOnlySd(control: number, aclRevision: number, aces: Buffer[]): Buffer {
  const body = Buffer.concat(aces);
  const header = Buffer.alloc(20);
  header[0] = 1;
  header.writeUInt16LE((control | 0x8004) & ~0x0010, 2); // self-relative + DACL present, no SACL
  header.writeUInt32LE(20, 16);
  const acl = Buffer.alloc(8);
  acl[0] = aclRevision;
  acl.writeUInt16LE(8 + body.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  return Buffer.concat([header, acl, body]);
}

function denyAce(sid: string, mask: number): Buffer {
  const sidBytes = sidBytesOf(sid);
  const head = Buffer.alloc(8);
  head[0] = ACCESS_DENIED_ACE_TYPE;
  head.writeUInt16LE(8 + sidBytes.length, 2);
  head.writeUInt32LE(mask >>> 0, 4);
  return Buffer.concat([head, sidBytes]);
}

/** nTSecurityDescriptor of dn read with SD flags = DACL (binary, DACL only), from DC1 or opts.dc. */
export async function readSecurityDescriptor(forest: LabForest, dn = scpDn(forest), opts?: DcOption): Promise<Buffer> {
  const f = dcView(forest, opts?.dc);
  return withAdmin(f, async (c) => {
    const { searchEntries } = await c.search(
      dn,
      { scope: 'base', attributes: ['nTSecurityDescriptor'], explicitBufferAttributes: ['nTSecurityDescriptor'] },
      new SdFlagsControl(DACL_SECURITY_INFORMATION),
    );
    const value = searchEntries[0]?.nTSecurityDescriptor;
    if (!Buffer.isBuffer(value)) throw new Error(`no nTSecurityDescriptor returned for ${dn}`);
    return value;
  });
}

/**
 * Rewrites the explicit part of dn's DACL; Samba recomputes the inherited ACEs itself. Each DC's
 * own DACL is read and edited (every DC of the forest unless opts.dc names one).
 */
export async function editDacl(forest: LabForest, edit: (explicit: RawAce[]) => Buffer[], dn = scpDn(forest), opts?: DcOption): Promise<void> {
  for (const f of writeTargets(forest, opts)) {
    const { control, aclRevision, aces } = parseDacl(await readSecurityDescriptor(f, dn));
    const explicit = aces.filter((a) => !(a.flags & INHERITED_ACE));
    const sd = buildDaclOnlySd(control, aclRevision, edit(explicit));
    await withAdmin(f, (c) =>
      c.modify(dn, new Change({ operation: 'replace', modification: new Attribute({ type: 'nTSecurityDescriptor', values: [sd] }) }),
        new SdFlagsControl(DACL_SECURITY_INFORMATION)),
    );
  }
}

/** Adds the explicit ACE (D;;RPLCLORC;;;AU) in front of the SCP's DACL. */
export async function denyReadToAuthenticatedUsers(f: LabForest, opts?: DcOption): Promise<void> {
  await editDacl(f, (explicit) => [denyAce(AUTHENTICATED_USERS, DENY_READ_MASK), ...explicit.map((a) => a.bytes)], undefined, opts);
}

/** Removes explicit deny ACEs for Authenticated Users again. */
export async function restoreDefaultScpAcl(f: LabForest, opts?: DcOption): Promise<void> {
  await editDacl(f, (explicit) =>
    explicit.filter((a) => !(a.type === ACCESS_DENIED_ACE_TYPE && a.sid === AUTHENTICATED_USERS)).map((a) => a.bytes),
  undefined, opts);
}

// --- container visibility -------------------------------------------------------------------------

/** RIGHT_DS_LIST_CONTENTS: what `(D;;LC;;;AU)` denies. */
export const DENY_LIST_MASK = 0x04;

/** Adds the explicit ACE (D;;LC;;;AU) in front of the Device Registration Configuration container's DACL: its children become invisible. */
export async function denyListOnScpContainer(f: LabForest, opts?: DcOption): Promise<void> {
  await editDacl(f, (explicit) => [denyAce(AUTHENTICATED_USERS, DENY_LIST_MASK), ...explicit.map((a) => a.bytes)], scpContainerDn(f), opts);
}

/** Removes explicit deny ACEs for Authenticated Users from the container again. */
export async function restoreScpContainerAcl(f: LabForest, opts?: DcOption): Promise<void> {
  await editDacl(f, (explicit) =>
    explicit.filter((a) => !(a.type === ACCESS_DENIED_ACE_TYPE && a.sid === AUTHENTICATED_USERS)).map((a) => a.bytes),
  scpContainerDn(f), opts);
}
