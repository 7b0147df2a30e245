import { X509Certificate } from 'node:crypto';
import type { CertificateFacts } from '../artifacts/inventory.js';

const MAX_SUBJECT = 512;

/** One userCertificate value → the facts the inventory keeps (src/artifacts/inventory.ts says why facts, not DER). */
export function certificateFacts(der: Buffer): CertificateFacts {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch (err) {
    return { parseError: ((err as Error).message || 'not an X.509 certificate').split('\n')[0]?.slice(0, 200) ?? 'not an X.509 certificate' };
  }
  const notBefore = new Date(cert.validFrom);
  const notAfter = new Date(cert.validTo);
  if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) return { parseError: 'unreadable validity dates' };
  return {
    subject: cert.subject.slice(0, MAX_SUBJECT),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    selfIssued: cert.subject === cert.issuer,
  };
}
