/**
 * Pure DACL editing for the permission steps of a fix: split a self-relative security descriptor
 * into its ACEs (raw bytes kept), drop deny entries that keep computers from reading (or listing),
 * add an explicit read grant for Authenticated Users when nothing else grants it, and build the
 * DACL-only descriptor a modify under the SD flags control (DACL) expects. The directory recomputes
 * the inherited entries itself, so only explicit entries are written.
 */
import { ACE_FLAGS, AUTHENTICATED_USERS, computerTokenSids, judgeForestAccess, parseSecurityDescriptor, readSid, RIGHTS, type DomainSid, type ForestReadAccessVerdict } from '../derived/security-descriptor.js';

export interface RawAce {
  type: number;
  flags: number;
  mask: number;
  sid: string;
  /** Object ACEs: the property or right the entry is limited to. */
  limited: boolean;
  bytes: Buffer;
}

export interface SplitDacl {
  control: number;
  revision: number;
  aces: RawAce[];
}

const SE_DACL_PRESENT = 0x0004;
const SE_SACL_PRESENT = 0x0010;
const SE_SELF_RELATIVE = 0x8000;
/** RP | LC | LO | RC: what Active Directory stores for a GenericRead grant ((A;;RPLCLORC;;;AU)). */
export const READ_MASK = RIGHTS.READ_PROPERTY | RIGHTS.LIST_CHILDREN | RIGHTS.LIST_OBJECT | RIGHTS.READ_CONTROL;

/** Splits the DACL of a self-relative descriptor into raw ACEs; throws on a malformed one (parsed first). */
export function splitDacl(sd: Buffer): SplitDacl {
  parseSecurityDescriptor(sd); // bounds-checks everything read below
  const control = sd.readUInt16LE(2);
  const daclOffset = sd.readUInt32LE(16);
  if (!(control & SE_DACL_PRESENT) || daclOffset === 0) return { control, revision: 4, aces: [] };
  const revision = sd[daclOffset] as number;
  const count = sd.readUInt16LE(daclOffset + 4);
  const aces: RawAce[] = [];
  let pos = daclOffset + 8;
  for (let i = 0; i < count; i++) {
    const type = sd[pos] as number;
    const size = sd.readUInt16LE(pos + 2);
    let sidAt = pos + 8;
    let limited = false;
    if (type >= 5 && type <= 8) {
      const objectFlags = sd.readUInt32LE(pos + 8);
      limited = (objectFlags & 1) !== 0;
      sidAt += 4 + (objectFlags & 1 ? 16 : 0) + (objectFlags & 2 ? 16 : 0);
    }
    const sid = type <= 8 ? readSid(sd, sidAt).sid : '';
    aces.push({ type, flags: sd[pos + 1] as number, mask: sd.readUInt32LE(pos + 4), sid, limited, bytes: Buffer.from(sd.subarray(pos, pos + size)) });
    pos += size;
  }
  return { control, revision, aces };
}

/** A self-relative descriptor holding only a DACL of these ACEs (no owner, group or SACL). */
export function buildDaclOnlySd(control: number, revision: number, aces: readonly Buffer[]): Buffer {
  const body = Buffer.concat(aces);
  const header = Buffer.alloc(20);
  header[0] = 1;
  header.writeUInt16LE(((control | SE_SELF_RELATIVE | SE_DACL_PRESENT) & ~SE_SACL_PRESENT) & 0xffff, 2);
  header.writeUInt32LE(20, 16);
  const acl = Buffer.alloc(8);
  acl[0] = revision;
  acl.writeUInt16LE(8 + body.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  return Buffer.concat([header, acl, body]);
}

/** The explicit entries of a stored descriptor as a DACL-only descriptor: what writing it back restores. */
export function explicitOnly(sd: Buffer): Buffer {
  const d = splitDacl(sd);
  return buildDaclOnlySd(d.control, d.revision, d.aces.filter((a) => !(a.flags & ACE_FLAGS.INHERITED)).map((a) => a.bytes));
}

function sidBytes(text: string): Buffer {
  const [revision, authority, ...subs] = text.split('-').slice(1).map(Number) as [number, number, ...number[]];
  const buf = Buffer.alloc(8 + subs.length * 4);
  buf[0] = revision;
  buf[1] = subs.length;
  buf.writeUIntBE(authority, 2, 6);
  subs.forEach((s, i) => buf.writeUInt32LE(s >>> 0, 8 + i * 4));
  return buf;
}

/** An explicit ACCESS_ALLOWED ACE (no inheritance flags). */
export function allowAce(sid: string, mask: number): Buffer {
  const s = sidBytes(sid);
  const head = Buffer.alloc(8);
  head[0] = 0;
  head.writeUInt16LE(8 + s.length, 2);
  head.writeUInt32LE(mask >>> 0, 4);
  return Buffer.concat([head, s]);
}

export interface DaclFix {
  /** The explicit DACL to write (DACL-only descriptor). */
  write: Buffer;
  /** The whole DACL as it will read back (explicit + the unchanged inherited entries), for judging and display. */
  after: Buffer;
  removed: RawAce[];
  added: RawAce[];
  before: ForestReadAccessVerdict;
  verdictAfter: ForestReadAccessVerdict;
}

function isBlockingDeny(a: RawAce, computerSids: Set<string>, covering: number): boolean {
  if (a.flags & (ACE_FLAGS.INHERITED | ACE_FLAGS.INHERIT_ONLY)) return false;
  if (!(a.type === 1 || (a.type === 6 && !a.limited))) return false;
  return computerSids.has(a.sid) && (a.mask & covering) !== 0;
}

/**
 * The smallest DACL change that lets every domain's computers read (`bits` = READ_PROPERTY) or list
 * (LIST_CHILDREN) the object: remove explicit denies for their principals, then, when still not
 * granted (no grant, or an inherited deny), add an explicit allow for Authenticated Users after the
 * remaining explicit denies (canonical order: it then precedes every inherited entry). Undefined when
 * computers already have the access.
 */
export function planDaclFix(sd: Buffer, domains: readonly DomainSid[], bits: number): DaclFix | undefined {
  const before = judgeForestAccess(parseSecurityDescriptor(sd), domains, bits);
  if (before.verdict === 'granted') return undefined;
  const d = splitDacl(sd);
  const computerSids = new Set<string>();
  for (const dom of domains.length > 0 ? domains : [undefined]) for (const sid of computerTokenSids(dom).keys()) computerSids.add(sid);
  const covering = bits | RIGHTS.GENERIC_READ | RIGHTS.GENERIC_ALL;
  const removed = d.aces.filter((a) => isBlockingDeny(a, computerSids, covering));
  let explicit = d.aces.filter((a) => !(a.flags & ACE_FLAGS.INHERITED) && !removed.includes(a));
  const inherited = d.aces.filter((a) => a.flags & ACE_FLAGS.INHERITED);
  const compose = (list: RawAce[]) => buildDaclOnlySd(d.control, d.revision, [...list, ...inherited].map((a) => a.bytes));
  const added: RawAce[] = [];
  if (judgeForestAccess(parseSecurityDescriptor(compose(explicit)), domains, bits).verdict !== 'granted') {
    const bytes = allowAce(AUTHENTICATED_USERS, READ_MASK);
    const grant: RawAce = { type: 0, flags: 0, mask: READ_MASK, sid: AUTHENTICATED_USERS, limited: false, bytes };
    const denies = explicit.filter((a) => a.type === 1 || a.type === 6);
    explicit = [...denies, grant, ...explicit.filter((a) => !denies.includes(a))];
    added.push(grant);
  }
  const after = compose(explicit);
  return {
    write: buildDaclOnlySd(d.control, d.revision, explicit.map((a) => a.bytes)),
    after,
    removed,
    added,
    before,
    verdictAfter: judgeForestAccess(parseSecurityDescriptor(after), domains, bits),
  };
}

/** An ACE for humans: `DENY S-1-5-11 mask 0x20094`. */
export function describeRawAce(a: RawAce): string {
  const kind = a.type === 1 || a.type === 6 ? 'DENY' : a.type === 0 || a.type === 5 ? 'ALLOW' : `type ${a.type}`;
  const names = computerTokenSids(undefined);
  return `${kind} ${names.get(a.sid) ?? a.sid} mask 0x${a.mask.toString(16)}${a.limited ? ' (limited to one property or right)' : ''}${a.flags & ACE_FLAGS.INHERITED ? ', inherited' : ''}`;
}
