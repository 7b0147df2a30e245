/** Builders for binary security descriptors in tests. */
/** Builds a binary SID. */
export function sid(text: string): Buffer {
  const parts = text.split('-').slice(1).map(Number);
  const [revision, authority, ...subs] = parts as [number, number, ...number[]];
  const buf = Buffer.alloc(8 + subs.length * 4);
  buf[0] = revision;
  buf[1] = subs.length;
  buf.writeUIntBE(authority, 2, 6);
  subs.forEach((s, i) => buf.writeUInt32LE(s, 8 + i * 4));
  return buf;
}

export function ace(type: number, flags: number, mask: number, who: string, objectType?: Buffer): Buffer {
  const s = sid(who);
  const objectPart = type === 5 || type === 6 ? Buffer.concat([Buffer.from([objectType ? 1 : 0, 0, 0, 0]), objectType ?? Buffer.alloc(0)]) : Buffer.alloc(0);
  const size = 8 + objectPart.length + s.length;
  const head = Buffer.alloc(8);
  head[0] = type;
  head[1] = flags;
  head.writeUInt16LE(size, 2);
  head.writeUInt32LE(mask >>> 0, 4);
  return Buffer.concat([head, objectPart, s]);
}

export function sd(aces: Buffer[]): Buffer {
  const body = Buffer.concat(aces);
  const acl = Buffer.alloc(8);
  acl[0] = 4;
  acl.writeUInt16LE(8 + body.length, 2);
  acl.writeUInt16LE(aces.length, 4);
  const header = Buffer.alloc(20);
  header[0] = 1;
  header.writeUInt16LE(0x8004, 2); // self-relative, DACL present
  header.writeUInt32LE(20, 16);
  return Buffer.concat([header, acl, body]);
}

