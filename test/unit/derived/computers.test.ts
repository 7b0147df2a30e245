import { describe, expect, it } from 'vitest';
import type { CertificateFacts, ComputerRecord } from '../../../src/artifacts/inventory.js';
import { InventoryAggregator } from '../../../src/derived/computers/aggregate.js';
import { judgeCertificates, subjectGuid } from '../../../src/derived/computers/certificate.js';
import { isWithin, normalizeDn, parentDn, splitDn } from '../../../src/derived/computers/dn.js';
import { normalizeGuid, objectGuidToString } from '../../../src/derived/computers/guid.js';
import { fileTimeToMs, judgeComputer, type JudgeContext } from '../../../src/derived/computers/judge.js';
import { judgeOs } from '../../../src/derived/computers/os.js';
import { syncScopeOf } from '../../../src/derived/computers/scope.js';

const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const NOW = Date.parse('2026-12-03T12:00:00Z');
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const valid = (cn = GUID): CertificateFacts => ({ subject: `CN=${cn}`, notBefore: iso(NOW - DAY), notAfter: iso(NOW + 365 * DAY) });
const fileTime = (ms: number) => String((BigInt(ms) + 11_644_473_600_000n) * 10_000n);

function computer(over: Partial<ComputerRecord> = {}): ComputerRecord {
  return {
    dn: 'CN=PC1,OU=Workstations,DC=contoso,DC=com', name: 'PC1', objectGuid: GUID, operatingSystem: 'Windows 10 Enterprise', operatingSystemVersion: '10.0 (19045)',
    userAccountControl: 0x1000, lastLogonTimestamp: fileTime(NOW - DAY), whenCreated: '20250101000000.0Z', certificateCount: 1, certificates: [valid()], ...over,
  };
}
const ctx = (over: Partial<JudgeContext> = {}): JudgeContext => ({ forest: 'contoso.com', domain: 'contoso.com', nowMs: NOW, staleDays: 90, syncScope: { include: ['OU=Workstations,DC=contoso,DC=com'], exclude: [] }, ...over });

describe('objectGUID', () => {
  it('reads the first three fields little-endian (the Windows GUID struct)', () => {
    const bytes = Buffer.from('e004253f894fd3419a0c0305e82c3301', 'hex');
    expect(objectGuidToString(bytes)).toBe(GUID);
    expect(objectGuidToString(Buffer.alloc(15))).toBeUndefined();
  });
  it('normalizes braces and case', () => {
    expect(normalizeGuid(`{${GUID.toUpperCase()}}`)).toBe(GUID);
    expect(normalizeGuid('not-a-guid')).toBeUndefined();
  });
});

describe('DNs and sync scope', () => {
  it('splits on unescaped commas only', () => {
    expect(splitDn('CN=Smith\\, John,OU=A,DC=x')).toEqual(['CN=Smith\\, John', 'OU=A', 'DC=x']);
    expect(parentDn('CN=PC1,OU=A, DC=x')).toBe('OU=A,DC=x');
    expect(normalizeDn('OU = A, DC=X')).toBe('ou=a,dc=x');
  });
  it('is within a container only on an RDN boundary', () => {
    expect(isWithin('CN=PC,OU=Sales,DC=x', 'ou=sales,dc=x')).toBe(true);
    expect(isWithin('CN=PC,OU=PreSales,DC=x', 'OU=Sales,DC=x')).toBe(false);
  });
  it('the most specific rule wins; no rule for the object: out when includes exist', () => {
    const scope = { include: ['OU=Corp,DC=x', 'OU=In,OU=Out,OU=Corp,DC=x'], exclude: ['OU=Out,OU=Corp,DC=x'] };
    expect(syncScopeOf('CN=A,OU=Corp,DC=x', scope)).toBe('in');
    expect(syncScopeOf('CN=A,OU=Out,OU=Corp,DC=x', scope)).toBe('out');
    expect(syncScopeOf('CN=A,OU=In,OU=Out,OU=Corp,DC=x', scope)).toBe('in');
    expect(syncScopeOf('CN=A,OU=Other,DC=x', scope)).toBe('out');
    expect(syncScopeOf('CN=A,OU=Other,DC=x', { include: [], exclude: ['OU=Out,DC=x'] })).toBe('in');
    expect(syncScopeOf('CN=A,OU=Other,DC=x', undefined)).toBe('unknown');
    expect(syncScopeOf('CN=A,OU=Both,DC=x', { include: ['OU=Both,DC=x'], exclude: ['OU=Both,DC=x'] })).toBe('out');
  });
});

describe('operating system', () => {
  it.each([
    ['Windows 10 Enterprise', '10.0 (19045)', 0x1000, 'supported'],
    ['Windows 11 Pro', '10.0 (22631)', 0x1000, 'supported'],
    ['Windows Server 2016 Standard', '10.0 (14393)', 0x1000, 'supported'],
    ['Windows Server 2019 Datacenter', '10.0 (17763)', 0x1000, 'supported'],
    ['Windows Server 2016 Technical Preview', '10.0 (10586)', 0x1000, 'unsupported'],
    ['Windows 7 Professional', '6.1 (7601)', 0x1000, 'down-level'],
    ['Windows 8.1 Enterprise', '6.3 (9600)', 0x1000, 'down-level'],
    ['Windows Server 2008 R2 Enterprise', '6.1 (7601)', 0x1000, 'down-level'],
    ['Windows Server 2012 Standard', '6.2 (9200)', 0x1000, 'down-level'],
    ['Windows Server 2012 R2 Standard', '6.3 (9600)', 0x1000, 'down-level'],
    ['Windows 8 Pro', '6.2 (9200)', 0x1000, 'unsupported'],
    ['Windows XP Professional', '5.1 (2600)', 0x1000, 'unsupported'],
    ['Samba', '4.19.5', 0x1000, 'not-windows'],
    ['Mac OS X', '14.1', 0x1000, 'not-windows'],
    ['Windows Server 2022 Datacenter', '10.0 (20348)', 0x2000, 'domain-controller'],
    [undefined, undefined, 0x1000, 'unknown'],
  ] as const)('%s %s → %s', (os, version, uac, support) => {
    expect(judgeOs(os, version, uac).support).toBe(support);
  });
});

describe('userCertificate', () => {
  const judge = (certificates: CertificateFacts[], count = certificates.length, objectGuid: string | null = GUID) => judgeCertificates({ ...(objectGuid ? { objectGuid } : {}), certificateCount: count, certificates }, NOW);
  it('accepts CN=<guid> and CN={GUID}, any case, only as the whole subject', () => {
    expect(subjectGuid(`CN={${GUID.toUpperCase()}}`)).toBe(GUID);
    expect(subjectGuid(`O=x\nCN=${GUID}`)).toBeUndefined();
    expect(judge([valid(`{${GUID.toUpperCase()}}`)]).status).toBe('valid');
  });
  it('names the closest miss when no value is valid', () => {
    expect(judge([]).status).toBe('none');
    expect(judge([{ ...valid(), notAfter: iso(NOW - DAY), notBefore: iso(NOW - 9 * DAY) }]).status).toBe('expired');
    expect(judge([{ ...valid(), notBefore: iso(NOW + DAY) }]).status).toBe('not-yet-valid');
    expect(judge([valid('11111111-2222-3333-4444-555555555555')]).status).toBe('wrong-subject');
    expect(judge([{ parseError: 'bad' }]).status).toBe('unparsable');
    expect(judge([{ parseError: 'bad' }, valid()]).status).toBe('valid');
    expect(judge([valid()], 1, null).status).toBe('no-object-guid');
  });
  it('more than 15 values is the LargeObject case, even with a valid one', () => {
    const r = judge(Array.from({ length: 16 }, () => valid()));
    expect(r).toMatchObject({ status: 'valid', tooMany: true, values: 16 });
    expect(judge(Array.from({ length: 15 }, () => valid())).tooMany).toBe(false);
  });
});

describe('judgeComputer', () => {
  it('ready: supported, in scope, valid certificate; the run clock decides validity', () => {
    expect(judgeComputer(computer(), ctx())).toMatchObject({ verdict: 'ready', reasons: [], codes: [] });
    expect(judgeComputer(computer(), ctx({ nowMs: NOW + 400 * DAY, staleDays: 1000 }))).toMatchObject({ verdict: 'blocked', reasons: ['certificate-expired'], codes: ['0x801c03f2'] });
  });
  it('not-started: says whether the forest findings explain it', () => {
    const none = computer({ certificateCount: 0, certificates: [] });
    expect(judgeComputer(none, ctx({ environment: { blockers: ['scp-present'] } })).notes.join()).toContain('explain it: scp-present');
    expect(judgeComputer(none, ctx({ environment: { blockers: [] } })).notes.join()).toContain('do not explain it');
    expect(judgeComputer(none, ctx()).verdict).toBe('not-started');
  });
  it('blocked collects every reason; out of scope carries 0x801c03f2', () => {
    const v = judgeComputer(computer({ dn: 'CN=PC1,OU=Elsewhere,DC=contoso,DC=com', operatingSystem: 'Windows 7 Professional', operatingSystemVersion: '6.1 (7601)', certificateCount: 0, certificates: [] }), ctx());
    expect(v).toMatchObject({ verdict: 'blocked', reasons: ['os-down-level', 'out-of-sync-scope', 'certificate-none'], codes: ['0x801c03f2'] });
  });
  it('excluded: disabled or stale, listed apart with their own reasons only', () => {
    expect(judgeComputer(computer({ userAccountControl: 0x1002 }), ctx())).toMatchObject({ verdict: 'excluded', reasons: ['disabled'], enabled: false });
    expect(judgeComputer(computer({ lastLogonTimestamp: fileTime(NOW - 100 * DAY) }), ctx())).toMatchObject({ verdict: 'excluded', reasons: ['stale'] });
    expect(judgeComputer(computer({ lastLogonTimestamp: fileTime(NOW - 100 * DAY) }), ctx({ staleDays: 120 })).verdict).toBe('ready');
    // Never logged on: stale once older than the window, not before.
    expect(judgeComputer(computer({ lastLogonTimestamp: undefined, whenCreated: '20200101000000.0Z' }), ctx()).verdict).toBe('excluded');
    expect(judgeComputer(computer({ lastLogonTimestamp: undefined, whenCreated: '20261201000000.0Z' }), ctx()).verdict).toBe('ready');
  });
  it('maps the cloud state: joined, pending, disabled; undefined = not queried, null = not found', () => {
    const cloud = (state: 'joined' | 'pending' | 'disabled' | 'not-compliant' | 'registered-only') => ({ state, deviceIds: ['d1'], dualState: false, duplicates: 0, detail: '', codes: [] });
    expect(judgeComputer(computer(), ctx(), cloud('joined')).verdict).toBe('joined');
    expect(judgeComputer(computer(), ctx(), cloud('not-compliant')).verdict).toBe('joined');
    expect(judgeComputer(computer(), ctx(), cloud('pending')).verdict).toBe('pending');
    expect(judgeComputer(computer(), ctx(), cloud('disabled'))).toMatchObject({ verdict: 'blocked', reasons: ['cloud-device-disabled'] });
    expect(judgeComputer(computer(), ctx(), cloud('registered-only')).verdict).toBe('ready');
    expect(judgeComputer(computer(), ctx(), null)).toMatchObject({ verdict: 'ready', cloud: null, notInCloud: true });
    expect(judgeComputer(computer(), ctx())).toMatchObject({ cloud: null, notInCloud: false });
  });
  it('FILETIME: 0 and never are no logon', () => {
    expect(fileTimeToMs('0')).toBeUndefined();
    expect(fileTimeToMs('9223372036854775807')).toBeUndefined();
    expect(fileTimeToMs(fileTime(NOW))).toBe(NOW);
  });
});

describe('InventoryAggregator', () => {
  it('counts per forest, domain and OU by verdict and reason, in name order', () => {
    const agg = new InventoryAggregator();
    agg.declareForest('empty.com');
    agg.add(judgeComputer(computer(), ctx()));
    agg.add(judgeComputer(computer({ dn: 'CN=PC2,OU=Workstations,DC=contoso,DC=com', certificateCount: 0, certificates: [] }), ctx()));
    agg.add(judgeComputer(computer({ dn: 'CN=PC3,OU=Elsewhere,DC=contoso,DC=com' }), ctx()));
    const s = agg.summary();
    expect(s.total).toBe(3);
    expect(s.forests.map((f) => f.forest)).toEqual(['contoso.com', 'empty.com']);
    const [elsewhere, ws] = s.forests[0]!.ous;
    expect(elsewhere).toMatchObject({ ou: 'OU=Elsewhere,DC=contoso,DC=com', total: 1, syncScope: 'out', byReason: { 'out-of-sync-scope': 1 } });
    expect(ws).toMatchObject({ total: 2, syncScope: 'in', byVerdict: { ready: 1, 'not-started': 1, blocked: 0 } });
  });
});
