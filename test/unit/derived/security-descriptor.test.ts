import { describe, expect, it } from 'vitest';
import { judgeComputerReadAccess, parseSecurityDescriptor } from '../../../src/derived/security-descriptor.js';
import { ace, sd } from '../../support/sd-build.js';

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
