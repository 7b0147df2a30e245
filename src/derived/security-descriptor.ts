/**
 * Parses a self-relative Windows security descriptor (as returned in nTSecurityDescriptor) far
 * enough to read its DACL. Pure; rejects malformed input with an Error, never reads out of bounds.
 */

export interface Ace {
  type: number;
  typeName: 'allow' | 'deny' | 'allow-object' | 'deny-object' | 'other';
  flags: number;
  mask: number;
  sid: string;
  /** Property, property set or extended right the ACE is limited to (object ACEs only). */
  objectType?: string;
  /** Object class the ACE is limited to (object ACEs only). */
  inheritedObjectType?: string;
}

export interface SecurityDescriptor {
  control: number;
  owner?: string;
  group?: string;
  dacl?: Ace[];
}

export const ACE_FLAGS = { INHERIT_ONLY: 0x08, INHERITED: 0x10 } as const;
export const RIGHTS = {
  READ_PROPERTY: 0x10,
  LIST_CHILDREN: 0x04,
  LIST_OBJECT: 0x80,
  READ_CONTROL: 0x20000,
  GENERIC_ALL: 0x10000000,
  GENERIC_READ: 0x80000000,
} as const;

const TYPE_NAMES: Record<number, Ace['typeName']> = { 0: 'allow', 1: 'deny', 5: 'allow-object', 6: 'deny-object' };

function need(buf: Buffer, offset: number, length: number): void {
  if (offset < 0 || offset + length > buf.length) throw new Error(`security descriptor truncated at byte ${offset}`);
}

export function readSid(buf: Buffer, offset: number): { sid: string; length: number } {
  need(buf, offset, 8);
  const revision = buf[offset] as number;
  const count = buf[offset + 1] as number;
  need(buf, offset, 8 + count * 4);
  const authority = buf.readUIntBE(offset + 2, 6);
  let sid = `S-${revision}-${authority}`;
  for (let i = 0; i < count; i++) sid += `-${buf.readUInt32LE(offset + 8 + i * 4)}`;
  return { sid, length: 8 + count * 4 };
}

export function readGuid(buf: Buffer, offset: number): string {
  need(buf, offset, 16);
  const hex = (start: number, end: number) => buf.subarray(offset + start, offset + end).toString('hex');
  const le = (start: number, len: number) => Buffer.from(buf.subarray(offset + start, offset + start + len)).reverse().toString('hex');
  return `${le(0, 4)}-${le(4, 2)}-${le(6, 2)}-${hex(8, 10)}-${hex(10, 16)}`;
}

function readAcl(buf: Buffer, offset: number): Ace[] {
  need(buf, offset, 8);
  const aceCount = buf.readUInt16LE(offset + 4);
  const aces: Ace[] = [];
  let pos = offset + 8;
  for (let i = 0; i < aceCount; i++) {
    need(buf, pos, 4);
    const type = buf[pos] as number;
    const flags = buf[pos + 1] as number;
    const size = buf.readUInt16LE(pos + 2);
    if (size < 8) throw new Error(`ACE ${i} has an impossible size ${size}`);
    need(buf, pos, size);
    const mask = buf.readUInt32LE(pos + 4);
    let body = pos + 8;
    const ace: Ace = { type, typeName: TYPE_NAMES[type] ?? 'other', flags, mask, sid: '' };
    if (type === 5 || type === 6 || type === 7 || type === 8) {
      need(buf, body, 4);
      const objectFlags = buf.readUInt32LE(body);
      body += 4;
      if (objectFlags & 1) {
        ace.objectType = readGuid(buf, body);
        body += 16;
      }
      if (objectFlags & 2) {
        ace.inheritedObjectType = readGuid(buf, body);
        body += 16;
      }
    }
    if (type <= 8) ace.sid = readSid(buf, body).sid;
    aces.push(ace);
    pos += size;
  }
  return aces;
}

export function parseSecurityDescriptor(buf: Buffer): SecurityDescriptor {
  need(buf, 0, 20);
  const control = buf.readUInt16LE(2);
  const ownerOffset = buf.readUInt32LE(4);
  const groupOffset = buf.readUInt32LE(8);
  const daclOffset = buf.readUInt32LE(16);
  const sd: SecurityDescriptor = { control };
  if (ownerOffset) sd.owner = readSid(buf, ownerOffset).sid;
  if (groupOffset) sd.group = readSid(buf, groupOffset).sid;
  const DACL_PRESENT = 0x0004;
  if (control & DACL_PRESENT && daclOffset) sd.dacl = readAcl(buf, daclOffset);
  return sd;
}

/** One domain of the forest: its DNS name (or NC DN) and SID; its Domain Computers group is `<sid>-515`. */
export interface DomainSid {
  name: string;
  sid: string;
}

export const EVERYONE = 'S-1-1-0';
export const AUTHENTICATED_USERS = 'S-1-5-11';

/** Well-known principals in the token of a computer of `domain` (Everyone, Authenticated Users, that domain's Domain Computers). */
export function computerTokenSids(domain: DomainSid | string | undefined): Map<string, string> {
  const sids = new Map<string, string>([
    [EVERYONE, 'Everyone'],
    [AUTHENTICATED_USERS, 'Authenticated Users'],
  ]);
  if (typeof domain === 'string') sids.set(`${domain}-515`, 'Domain Computers');
  else if (domain) sids.set(`${domain.sid}-515`, `Domain Computers (${domain.name})`);
  return sids;
}

export interface ReadAccessVerdict {
  verdict: 'granted' | 'denied' | 'not-granted';
  /** The ACE that decided, described for humans. */
  decidingAce?: string;
  /** Property-limited deny ACEs for computer principals (may hide keywords). */
  partialDenies: string[];
  /** Principals of the computer token we evaluated. */
  principals: string[];
}

function describeAce(ace: Ace, names: Map<string, string>): string {
  const who = names.get(ace.sid) ?? ace.sid;
  const inherited = ace.flags & ACE_FLAGS.INHERITED ? ', inherited' : '';
  const limited = ace.objectType ? `, limited to ${ace.objectType}` : '';
  return `${ace.typeName.startsWith('deny') ? 'DENY' : 'ALLOW'} ${who} mask 0x${ace.mask.toString(16)}${limited}${inherited}`;
}

/**
 * Would a computer of `domain` be allowed `bits` on this object? Walks the DACL in order (canonical
 * order puts explicit denies first) and stops at the first ACE for a principal in the computer's
 * token that covers `bits` for the whole object (property-limited ACEs do not decide).
 */
function judgeComputerAccess(sd: SecurityDescriptor, domain: DomainSid | string | undefined, bits: number): ReadAccessVerdict {
  const names = computerTokenSids(domain);
  const principals = [...names.values()];
  const partialDenies: string[] = [];
  if (!sd.dacl) return { verdict: 'granted', decidingAce: 'no DACL (everyone has full access)', partialDenies, principals };
  const covering = bits | RIGHTS.GENERIC_READ | RIGHTS.GENERIC_ALL;
  for (const ace of sd.dacl) {
    if (ace.flags & ACE_FLAGS.INHERIT_ONLY) continue;
    if (!names.has(ace.sid) || (ace.mask & covering) === 0) continue;
    if (ace.typeName === 'other') continue;
    if (ace.objectType) {
      if (ace.typeName === 'deny-object') partialDenies.push(describeAce(ace, names));
      continue;
    }
    const deny = ace.typeName === 'deny' || ace.typeName === 'deny-object';
    return { verdict: deny ? 'denied' : 'granted', decidingAce: describeAce(ace, names), partialDenies, principals };
  }
  return { verdict: 'not-granted', partialDenies, principals };
}

/** May a computer of `domain` read this object's properties? */
export function judgeComputerReadAccess(sd: SecurityDescriptor, domain: DomainSid | string | undefined): ReadAccessVerdict {
  return judgeComputerAccess(sd, domain, RIGHTS.READ_PROPERTY);
}

export interface ForestReadAccessVerdict extends ReadAccessVerdict {
  /** The verdict for the computers of each domain (empty when no domain SID was known). */
  perDomain: Array<{ domain: string; sid: string; verdict: ReadAccessVerdict['verdict']; decidingAce?: string }>;
  /** Domains whose computers are denied or not granted. */
  affectedDomains: string[];
}

const SEVERITY: Record<ReadAccessVerdict['verdict'], number> = { granted: 0, 'not-granted': 1, denied: 2 };

/**
 * Judges the computers of every domain of the forest, each with its own Domain Computers SID, and
 * returns the worst verdict (with the domains it hits). Without domain SIDs, Everyone and
 * Authenticated Users alone are judged.
 */
export function judgeForestAccess(sd: SecurityDescriptor, domains: readonly DomainSid[], bits: number = RIGHTS.READ_PROPERTY): ForestReadAccessVerdict {
  if (domains.length === 0) return { ...judgeComputerAccess(sd, undefined, bits), perDomain: [], affectedDomains: [] };
  const verdicts = domains.map((d) => ({ d, v: judgeComputerAccess(sd, d, bits) }));
  const worst = verdicts.reduce((a, b) => (SEVERITY[b.v.verdict] > SEVERITY[a.v.verdict] ? b : a));
  return {
    ...worst.v,
    partialDenies: [...new Set(verdicts.flatMap((x) => x.v.partialDenies))],
    principals: [...new Set(verdicts.flatMap((x) => x.v.principals))],
    perDomain: verdicts.map(({ d, v }) => ({ domain: d.name, sid: d.sid, verdict: v.verdict, ...(v.decidingAce ? { decidingAce: v.decidingAce } : {}) })),
    affectedDomains: verdicts.filter((x) => x.v.verdict !== 'granted').map((x) => x.d.name),
  };
}

/** The forest read-access verdict for a base64 nTSecurityDescriptor as stored in artifacts; throws on a malformed one. */
export function judgeStoredDescriptor(base64: string, domains: readonly DomainSid[]): ForestReadAccessVerdict {
  return judgeForestAccess(parseSecurityDescriptor(Buffer.from(base64, 'base64')), domains);
}

/** A deny entry that keeps its principals from listing an object's children (so from seeing them). */
export interface HidingAce {
  ace: string;
  sid: string;
  /** Everyone / Authenticated Users: it applies to any account that binds, the audit account included. */
  appliesToEveryAccount: boolean;
  /** It is in the token of the computers of some domain of the forest. */
  appliesToComputers: boolean;
}

/**
 * Deny entries effective on this (container) object that cover List Contents: children of the object
 * are then invisible to those principals (a base search on a child answers noSuchObject).
 */
export function listDenies(sd: SecurityDescriptor, domains: readonly DomainSid[]): HidingAce[] {
  const names = new Map<string, string>();
  for (const d of domains.length > 0 ? domains : [undefined]) for (const [sid, name] of computerTokenSids(d)) names.set(sid, name);
  const covering = RIGHTS.LIST_CHILDREN | RIGHTS.GENERIC_READ | RIGHTS.GENERIC_ALL;
  return (sd.dacl ?? [])
    .filter((a) => !(a.flags & ACE_FLAGS.INHERIT_ONLY) && (a.typeName === 'deny' || (a.typeName === 'deny-object' && !a.objectType)) && (a.mask & covering) !== 0)
    .map((a) => ({
      ace: describeAce(a, names),
      sid: a.sid,
      appliesToEveryAccount: a.sid === EVERYONE || a.sid === AUTHENTICATED_USERS,
      appliesToComputers: names.has(a.sid),
    }));
}

/** listDenies for a stored base64 descriptor; a malformed one yields no evidence (undefined). */
export function storedListDenies(base64: string | undefined, domains: readonly DomainSid[]): HidingAce[] | undefined {
  if (!base64) return undefined;
  try {
    return listDenies(parseSecurityDescriptor(Buffer.from(base64, 'base64')), domains);
  } catch {
    return undefined;
  }
}
