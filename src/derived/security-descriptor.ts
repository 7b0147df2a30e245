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

/** Well-known principals that are in every domain computer's token. */
export function computerTokenSids(domainSid: string | undefined): Map<string, string> {
  const sids = new Map<string, string>([
    ['S-1-1-0', 'Everyone'],
    ['S-1-5-11', 'Authenticated Users'],
  ]);
  if (domainSid) sids.set(`${domainSid}-515`, 'Domain Computers');
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
 * Would a domain computer be allowed to read this object's properties? Walks the DACL in order
 * (canonical order puts explicit denies first) and stops at the first ACE for a principal in the
 * computer's token that covers READ_PROPERTY for all properties.
 */
export function judgeComputerReadAccess(sd: SecurityDescriptor, domainSid: string | undefined): ReadAccessVerdict {
  const names = computerTokenSids(domainSid);
  const principals = [...names.values()];
  const partialDenies: string[] = [];
  if (!sd.dacl) return { verdict: 'granted', decidingAce: 'no DACL (everyone has full access)', partialDenies, principals };
  const readBits = RIGHTS.READ_PROPERTY | RIGHTS.GENERIC_READ | RIGHTS.GENERIC_ALL;
  for (const ace of sd.dacl) {
    if (ace.flags & ACE_FLAGS.INHERIT_ONLY) continue;
    if (!names.has(ace.sid) || (ace.mask & readBits) === 0) continue;
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

/** The read-access verdict for a base64 nTSecurityDescriptor as stored in artifacts; throws on a malformed one. */
export function judgeStoredDescriptor(base64: string, domainSid: string | undefined): ReadAccessVerdict {
  return judgeComputerReadAccess(parseSecurityDescriptor(Buffer.from(base64, 'base64')), domainSid);
}
