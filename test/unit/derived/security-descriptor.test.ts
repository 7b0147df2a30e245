import { describe, expect, it } from 'vitest';
import { judgeComputerReadAccess, judgeForestAccess, listDenies, parseSecurityDescriptor } from '../../../src/derived/security-descriptor.js';
import { splitExtendedDn } from '../../../src/gather/ldap/domains.js';
import { ace, sd, sid as sidBytes } from '../../support/sd-build.js';

const AU = 'S-1-5-11';
const DOMAIN = 'S-1-5-21-1-2-3';

describe('security descriptor', () => {
  it('parses ACEs, SIDs and object GUIDs', () => {
    const guid = Buffer.from('8a7996bfe60dd011a28500aa003049e2', 'hex');
    const parsed = parseSecurityDescriptor(sd([ace(0, 0x10, 0x20094, AU), ace(6, 0, 0x10, `${DOMAIN}-515`, guid)]));
    expect(parsed.dacl).toHaveLength(2);
    expect(parsed.dacl?.[0]).toMatchObject({ typeName: 'allow', sid: AU, mask: 0x20094, flags: 0x10 });
    expect(parsed.dacl?.[1]).toMatchObject({ typeName: 'deny-object', sid: `${DOMAIN}-515`, objectType: 'bf96798a-0de6-11d0-a285-00aa003049e2' });
  });

  it('grants when Authenticated Users may read', () => {
    const v = judgeComputerReadAccess(parseSecurityDescriptor(sd([ace(0, 0, 0x20094, AU)])), DOMAIN);
    expect(v.verdict).toBe('granted');
  });

  it('denies when an explicit deny for Authenticated Users comes first', () => {
    const v = judgeComputerReadAccess(parseSecurityDescriptor(sd([ace(1, 0, 0x10, AU), ace(0, 0x10, 0x20094, AU)])), DOMAIN);
    expect(v.verdict).toBe('denied');
    expect(v.decidingAce).toContain('DENY Authenticated Users');
  });

  it('treats Domain Computers as part of the computer token', () => {
    const v = judgeComputerReadAccess(parseSecurityDescriptor(sd([ace(1, 0, 0x80000000, `${DOMAIN}-515`)])), DOMAIN);
    expect(v.verdict).toBe('denied');
  });

  it('ignores inherit-only ACEs and other principals', () => {
    const v = judgeComputerReadAccess(parseSecurityDescriptor(sd([ace(1, 0x08, 0x10, AU), ace(0, 0, 0x10, 'S-1-5-32-544')])), DOMAIN);
    expect(v.verdict).toBe('not-granted');
  });

  it('rejects truncated input instead of reading past the end', () => {
    const full = sd([ace(0, 0, 0x10, AU)]);
    expect(() => parseSecurityDescriptor(full.subarray(0, full.length - 3))).toThrow(/truncated/);
  });
});

describe('per-domain Domain Computers and list denies', () => {
  const ROOT = 'S-1-5-21-1-2-3';
  const CHILD = 'S-1-5-21-4-5-6';
  const domains = [{ name: 'contoso.com', sid: ROOT }, { name: 'child.contoso.com', sid: CHILD }];

  it('judges each domain with its own -515 SID and reports the worst with the domains it hits', () => {
    const v = judgeForestAccess(parseSecurityDescriptor(sd([ace(1, 0, 0x10, `${CHILD}-515`), ace(0, 0, 0x20094, AU)])), domains);
    expect(v.verdict).toBe('denied');
    expect(v.affectedDomains).toEqual(['child.contoso.com']);
    expect(v.perDomain.map((d) => d.verdict)).toEqual(['granted', 'denied']);
  });

  it('without domain SIDs only Everyone and Authenticated Users are judged', () => {
    const v = judgeForestAccess(parseSecurityDescriptor(sd([ace(1, 0, 0x10, `${CHILD}-515`), ace(0, 0, 0x20094, AU)])), []);
    expect(v.verdict).toBe('granted');
  });

  it('listDenies finds deny entries covering List Contents, not inherit-only ones or read-property-only ones', () => {
    const d = listDenies(parseSecurityDescriptor(sd([ace(1, 0, 0x4, AU), ace(1, 0x08, 0x4, 'S-1-1-0'), ace(1, 0, 0x10, 'S-1-1-0'), ace(1, 0, 0x80000000, `${CHILD}-515`)])), domains);
    expect(d.map((x) => [x.sid, x.appliesToEveryAccount, x.appliesToComputers])).toEqual([[AU, true, true], [`${CHILD}-515`, false, true]]);
  });
});

describe('extended DN values', () => {
  it('splits GUID and SID (string or hex form) from the DN', () => {
    expect(splitExtendedDn('<GUID=abc>;<SID=S-1-5-21-1-2-3>;DC=contoso,DC=com')).toEqual({ dn: 'DC=contoso,DC=com', sid: 'S-1-5-21-1-2-3' });
    const hex = sidBytes('S-1-5-21-1-2-3').toString('hex');
    expect(splitExtendedDn(`<GUID=abc>;<SID=${hex}>;DC=contoso,DC=com`)).toEqual({ dn: 'DC=contoso,DC=com', sid: 'S-1-5-21-1-2-3' });
    expect(splitExtendedDn('DC=contoso,DC=com')).toEqual({ dn: 'DC=contoso,DC=com' });
  });
});
