import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { certificateFacts } from '../../../src/gather/computer-certificate.js';
import { forestDirectory, toComputerRecord } from '../../../src/gather/ldap/computers.js';
import { selfSignedCertificate } from '../../support/x509-build.js';

const GUID_BYTES = Buffer.from('e004253f894fd3419a0c0305e82c3301', 'hex');

describe('computer records', () => {
  it('reduces an entry: GUID converted, attribute names in any case, certificates as facts, at most 16 parsed', () => {
    const cert = selfSignedCertificate({ subjectCn: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2027-01-01T00:00:00Z') });
    const record = toComputerRecord({
      dn: 'CN=PC1,OU=A,DC=x', objectguid: GUID_BYTES, NAME: 'PC1', operatingSystem: 'Windows 11 Pro', userAccountControl: '4096',
      userCertificate: [cert, randomBytes(50), ...Array.from({ length: 18 }, () => cert)],
    } as never);
    expect(record).toMatchObject({ dn: 'CN=PC1,OU=A,DC=x', objectGuid: '3f2504e0-4f89-41d3-9a0c-0305e82c3301', name: 'PC1', userAccountControl: 4096, certificateCount: 20 });
    expect(record.certificates).toHaveLength(16);
    expect(record.certificates[0]).toEqual({ subject: 'CN=3f2504e0-4f89-41d3-9a0c-0305e82c3301', notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2027-01-01T00:00:00.000Z', selfIssued: true });
    expect(record.certificates[1]?.parseError).toBeTruthy();
  });
  it('a single certificate value (not an array) still counts', () => {
    expect(certificateFacts(Buffer.from('not a cert')).parseError).toBeTruthy();
    expect(toComputerRecord({ dn: 'CN=PC2,DC=x', userCertificate: randomBytes(10) } as never).certificateCount).toBe(1);
  });
  it('reads the forest artifact in one place: the first DC that answered and the domains it listed', () => {
    const dir = forestDirectory({
      name: 'x', tls: 'ldaps', discovery: { ok: true, value: { source: 'config', targets: [] } },
      dcs: [
        { host: 'dead', port: 636, tls: 'ldaps', durationMs: 1, outcome: { ok: false, failure: { stage: 'connect', code: 'ECONNREFUSED', message: 'no' } } },
        { host: 'dc2', port: 636, tls: 'ldaps', durationMs: 1, outcome: { ok: true, value: { rootDse: { defaultNamingContext: 'DC=x' }, domains: [{ nc: 'DC=x', dnsRoot: 'x' }, { nc: 'DC=c,DC=x', dnsRoot: 'c.x' }] } } },
      ],
    });
    expect(dir).toMatchObject({ target: { host: 'dc2', port: 636 }, defaultNc: 'DC=x' });
    expect(dir.domains).toHaveLength(2);
  });
});
