/**
 * Self-signed X.509 certificates with any subject and any validity window (OpenSSL 3.0's `req -x509`
 * cannot back-date), made the way a device makes its userCertificate: self-signed, subject CN=<objectGUID>.
 * A small DER writer plus node:crypto's ECDSA P-256 signature.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), len(body.length), body]);
};
const seq = (...c: Buffer[]) => tlv(0x30, ...c);
const OID_CN = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
const ECDSA_SHA256 = seq(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));

function name(cn: string): Buffer {
  return seq(tlv(0x31, seq(OID_CN, tlv(0x0c, Buffer.from(cn, 'utf8')))));
}

function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  const year = d.getUTCFullYear();
  return year >= 1950 && year < 2050 ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${iso}Z`));
}

export interface CertOptions {
  subjectCn: string;
  notBefore: Date;
  notAfter: Date;
}

/** DER of a self-signed certificate with the given subject CN and validity. */
export function selfSignedCertificate(opts: CertOptions): Buffer {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  // A positive DER INTEGER in its minimal form: first byte 0x01–0x7f. Clearing the top bit alone left a first byte
  // of 0x00 one time in 128, a non-minimal encoding that Node's X509Certificate rejects (a "valid" lab certificate
  // then read as unparsable, failing a run now and then).
  const serial = randomBytes(12);
  serial[0] = 0x01 + ((serial[0] ?? 0) % 0x7f);
  const subject = name(opts.subjectCn);
  const tbs = seq(
    Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]),
    tlv(0x02, serial),
    ECDSA_SHA256,
    subject,
    seq(time(opts.notBefore), time(opts.notAfter)),
    subject,
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.from([0]), signature));
}
