import { describe, expect, it } from 'vitest';
import { compareWithTenant, judgeDeviceClientSideScp, readClientSideScp } from '../../../src/derived/client-side-scp.js';
import { decodeDsregcmdBytes } from '../../../src/derived/dsregcmd/decode.js';
import { parseRegExport } from '../../../src/derived/reg-export.js';
import { CDJ_KEY_LINE, hex1, regExportBytes, regText } from '../../support/reg-build.js';

const ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const GOOD = { TenantId: ID, TenantName: 'contoso.com' };

describe('reg export parser', () => {
  it('unescapes \\\\ and \\" in quoted names and data, keeps extra values, reads dword and hex(1)', () => {
    const text = regText({ 'a"b': 'C:\\path\\"x"' }) + `${CDJ_KEY_LINE}\r\n"Flag"=dword:00000001\r\n"Hex"=${hex1('héllo')}\r\n`;
    const reg = parseRegExport(text);
    expect(reg.format).toBe('regedit5');
    expect(reg.keys).toHaveLength(1);
    expect(reg.keys[0]?.values).toEqual([
      { name: 'a"b', type: 'REG_SZ', data: 'C:\\path\\"x"' },
      { name: 'Flag', type: 'REG_DWORD', data: '0x00000001' },
      { name: 'Hex', type: 'REG_SZ', data: 'héllo' },
    ]);
  });

  it('joins backslash-continued hex lines, reads REGEDIT4 hex strings as ANSI, applies deletions in order', () => {
    const ansi = `hex(1):${[...Buffer.from('contoso.com\u0000', 'latin1')].map((b) => b.toString(16).padStart(2, '0')).join(',')}`;
    const [head, tail] = [ansi.slice(0, 30), ansi.slice(30)];
    const text = ['REGEDIT4', '', CDJ_KEY_LINE, `"TenantName"=${head}\\`, `  ${tail}`, '"Gone"="x"', '"Gone"=-', ''].join('\n');
    const reg = parseRegExport(text);
    expect(reg.format).toBe('regedit4');
    expect(reg.keys[0]?.values).toEqual([{ name: 'TenantName', type: 'REG_SZ', data: 'contoso.com' }]);
  });

  it('a deleted key ([-...]) disappears with its subkeys', () => {
    const text = ['Windows Registry Editor Version 5.00', CDJ_KEY_LINE, `"TenantId"="${ID}"`, '[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ]'].join('\r\n');
    expect(parseRegExport(text).keys).toEqual([]);
  });
});

describe('readClientSideScp', () => {
  it('reads a real-shaped export (UTF-16LE + BOM, CRLF) with extra values', () => {
    const r = readClientSideScp(decodeDsregcmdBytes(regExportBytes({ ...GOOD, Other: 'x' })));
    expect(r).toMatchObject({ format: 'regedit5', keyFound: true, tenantId: ID, tenantName: 'contoso.com', otherValues: ['Other'], problems: [] });
  });

  it('value names are case-insensitive, as in the registry; GUID case is normalised', () => {
    const r = readClientSideScp(regText({ tenantid: ID.toUpperCase(), TENANTNAME: 'Contoso.com' }));
    expect(r).toMatchObject({ tenantId: ID, tenantName: 'contoso.com', problems: [] });
  });

  it('hex(1) strings in a regedit5 file, and a REGEDIT4 file with plain strings, yield the values', () => {
    const text = ['Windows Registry Editor Version 5.00', '', CDJ_KEY_LINE, `"TenantId"=${hex1(ID)}`, `"TenantName"=${hex1('contoso.com')}`].join('\r\n');
    expect(readClientSideScp(text)).toMatchObject({ tenantId: ID, tenantName: 'contoso.com', problems: [] });
    const ansi = ['REGEDIT4', '', CDJ_KEY_LINE, `"TenantId"="${ID}"`, '"TenantName"="contoso.com"'].join('\r\n');
    expect(readClientSideScp(ansi)).toMatchObject({ format: 'regedit4', tenantId: ID, problems: [] });
  });

  it.each([
    ['missing TenantName', regText({ TenantId: ID }), 'missing-name'],
    ['missing TenantId', regText({ TenantName: 'contoso.com' }), 'missing-id'],
    ['TenantId not a GUID', regText({ TenantId: `{${ID}}`, TenantName: 'contoso.com' }), 'id-not-guid'],
    ['TenantName not a domain', regText({ TenantId: ID, TenantName: 'Contoso Ltd' }), 'name-not-domain'],
    ['whitespace', regText({ TenantId: ` ${ID}`, TenantName: 'contoso.com' }), 'whitespace'],
    ['empty', regText({ TenantId: '', TenantName: 'contoso.com' }), 'empty-value'],
    ['DWORD TenantId', ['Windows Registry Editor Version 5.00', CDJ_KEY_LINE, '"TenantId"=dword:00000001', '"TenantName"="contoso.com"'].join('\r\n'), 'value-type'],
    ['the 32-bit view key', regText(GOOD, '[HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD]'), 'key-missing'],
    ['HKCU instead of HKLM', regText(GOOD, '[HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD]'), 'key-missing'],
    ['not a reg file', 'TenantId=abc', 'not-reg-export'],
  ])('%s → a fatal %s problem, no tenant taken', (_name, text, kind) => {
    const r = readClientSideScp(text);
    expect(r.problems.filter((p) => p.fatal).map((p) => p.kind)).toContain(kind);
  });

  it('names the key the file holds instead', () => {
    const r = readClientSideScp(regText(GOOD, '[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD]'));
    expect(r.problems[0]?.detail).toContain('HKEY_CURRENT_USER');
  });

  it('REG_EXPAND_SZ is usable but flagged', () => {
    const text = ['Windows Registry Editor Version 5.00', CDJ_KEY_LINE, `"TenantId"=hex(2):${hex1(ID).slice(7)}`, '"TenantName"="contoso.com"'].join('\r\n');
    const r = readClientSideScp(text);
    expect(r.tenantId).toBe(ID);
    expect(r.problems).toEqual([expect.objectContaining({ kind: 'value-type', fatal: false })]);
  });
});

describe('compareWithTenant', () => {
  const scp = readClientSideScp(regText(GOOD));
  it('passes on the same tenant, fails naming TenantId on another, warns on another name', () => {
    expect(compareWithTenant(scp, { id: ID, name: 'contoso.com' }).status).toBe('pass');
    expect(compareWithTenant(scp, { id: '11111111-2222-3333-4444-555555555555' })).toMatchObject({ status: 'fail', mismatch: 'TenantId' });
    expect(compareWithTenant(scp, { id: ID, name: 'fabrikam.com' })).toMatchObject({ status: 'warn', mismatch: 'TenantName' });
    expect(compareWithTenant(scp, undefined).status).toBe('not-compared');
  });
});

describe('judgeDeviceClientSideScp (diagnose --reg)', () => {
  const OTHER = '11111111-2222-3333-4444-555555555555';
  it('says the device uses the client-side SCP and checks it against the configured tenant', () => {
    const ok = judgeDeviceClientSideScp('cdj.reg', regText(GOOD), { id: ID }, null);
    expect(ok).toMatchObject({ used: true, status: 'pass', comparedWith: 'configuration' });
    expect(ok.text).toMatch(/uses the client-side SCP .* does not read the AD SCP; they match the configured tenant/);
    const wrong = judgeDeviceClientSideScp('cdj.reg', regText({ ...GOOD, TenantId: OTHER }), { id: ID }, null);
    expect(wrong).toMatchObject({ status: 'fail', comparison: { mismatch: 'TenantId' } });
  });

  it('without a configuration it compares with the tenant the device shows', () => {
    const r = judgeDeviceClientSideScp('cdj.reg', regText(GOOD), undefined, { id: OTHER, name: null });
    expect(r).toMatchObject({ status: 'fail', comparedWith: 'device' });
  });

  it('an export without the values means the device reads AD', () => {
    const r = judgeDeviceClientSideScp('cdj.reg', regText({ TenantName: 'contoso.com' }), { id: ID }, null);
    expect(r).toMatchObject({ used: false, status: 'not-used' });
    expect(r.text).toContain('reads the AD SCP');
  });

  it('both values present but one malformed: used, and a fail', () => {
    expect(judgeDeviceClientSideScp('cdj.reg', regText({ TenantId: 'x', TenantName: 'contoso.com' }), { id: ID }, null)).toMatchObject({ used: true, status: 'fail' });
  });
});
