/** The lab's certificate builder makes certificates Node can read, whatever its random serial. */
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../support/x509-build.js';

describe('selfSignedCertificate', () => {
  it('makes 1,000 certificates that all parse, with a positive minimal serial', () => {
    const notBefore = new Date(Date.now() - 86_400_000);
    const notAfter = new Date(Date.now() + 86_400_000);
    for (let i = 0; i < 1000; i++) {
      const cert = new X509Certificate(selfSignedCertificate({ subjectCn: `c-${i}`, notBefore, notAfter }));
      expect(cert.subject).toBe(`CN=c-${i}`);
      expect(cert.serialNumber).toMatch(/^(0[1-9A-F]|[1-7][0-9A-F])[0-9A-F]{22}$/);
    }
  });
});
