import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { evaluate } from '../../../src/engine/run.js';
import { buildPlan } from '../../../src/fix/plan.js';
import { renderPlan } from '../../../src/fix/render.js';
import { psQuote } from '../../../src/fix/powershell.js';
import { isSafeString, ldifLine, parseLdif } from '../../../src/fix/ldif.js';
import { backupConfigurationNc, parseBackup, renderBackup, type Backup } from '../../../src/fix/backup.js';
import { renderGppXml, renderRegFile } from '../../../src/fix/registry.js';
import { parseRegExport } from '../../../src/derived/reg-export.js';
import { ace, sd } from '../../support/sd-build.js';
import { artifacts, dc, forest, scp, TENANT } from '../checks/build.js';

const HOSTILE = "evil'; Remove-Item C:\\ -Recurse; '\u2019$(calc)`\n# PASS forged\r\nx";

function hostilePlan() {
  const a = artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: scp([HOSTILE, `azureADId:${TENANT}`], { securityDescriptor: sd([ace(1, 0, 0x20094, 'S-1-5-11'), ace(0, 0, 0x20094, 'S-1-5-11')]).toString('base64') }) })])]);
  return buildPlan(a, evaluate(a, CHECKS).findings);
}

describe('fix renderers', () => {
  it('PowerShell single-quotes values, doubling every quote PowerShell accepts', () => {
    expect(psQuote("a'b")).toBe("'a''b'");
    expect(psQuote('a\u2019b\u2018c')).toBe("'a\u2019\u2019b\u2018\u2018c'");
    const ps = renderPlan(hostilePlan(), 'powershell');
    // the hostile value only appears inside a single-quoted literal, quotes doubled
    expect(ps).toContain("'evil''; Remove-Item C:\\ -Recurse; ''\u2019\u2019$(calc)`");
    // no line of the script starts with text from the value
    for (const line of ps.split(/\r\n/)) expect(line).not.toMatch(/^\s*(# PASS forged|x'?$)/);
    expect(ps).toMatch(/Set-ADObject -Server \$Server -Identity \$Dn -Replace @\{ keywords = \$New \}/);
    expect(ps).toMatch(/RemoveAccessRuleSpecific/);
  });

  it('LDIF base64-encodes unsafe values and carries the SD flags control for the DACL write', () => {
    expect(isSafeString('azureADId:x')).toBe(true);
    expect(isSafeString(' lead')).toBe(false);
    expect(isSafeString('tr\u00e9s')).toBe(false);
    expect(ldifLine('keywords', 'a\nb')).toBe(`keywords:: ${Buffer.from('a\nb').toString('base64')}`);
    const ldif = renderPlan(hostilePlan(), 'ldif');
    expect(ldif).toContain('replace: keywords');
    expect(ldif).toContain('control: 1.2.840.113556.1.4.801 true:: MAMCAQQ=');
    expect(ldif).toMatch(/^nTSecurityDescriptor:: [A-Za-z0-9+/=]+$/m);
    expect(ldif).not.toContain('# PASS forged\r');
    for (const line of ldif.split('\n')) expect(line).not.toMatch(/^(x|# PASS forged)$/);
  });

  it('text output shows current and new values without raw control characters', () => {
    const text = renderPlan(hostilePlan(), 'text');
    expect(text).toMatch(/Replace the SCP keywords/);
    expect(text).toMatch(/Let computers read the SCP/);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('the .reg file parses back to the values; the GPP XML escapes them', () => {
    const reg = renderRegFile({ tenantId: TENANT, tenantName: 'contoso.com' });
    const parsed = parseRegExport(reg);
    expect(parsed.format).toBe('regedit5');
    expect(parsed.keys[0]?.values.map((v) => [v.name, v.type, v.data])).toEqual([['TenantId', 'REG_SZ', TENANT], ['TenantName', 'REG_SZ', 'contoso.com']]);
    const xml = renderGppXml('contoso.test', { tenantId: TENANT, tenantName: 'a"<b>&' });
    expect(xml).toContain('value="a&quot;&lt;b&gt;&amp;"');
    expect(xml).toContain('hive="HKEY_LOCAL_MACHINE" key="SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD"');
  });

  it('a backup round-trips: binary security descriptor, unsafe keywords, existence', () => {
    const b: Backup = {
      version: 1, forest: 'contoso.test', server: 'dc1.contoso.test', port: 636, takenAt: '2026-12-03T10:00:00.000Z',
      objects: [
        { dn: 'CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=test', existed: false },
        { dn: 'CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=contoso,DC=test', existed: true, changes: ['keywords'], attributes: { objectClass: ['top', 'serviceConnectionPoint'], keywords: [HOSTILE, ' x '], nTSecurityDescriptor: [sd([ace(0, 0, 1, 'S-1-5-11')])] } },
      ],
    };
    const back = parseBackup(renderBackup(b));
    expect(back).toEqual({ ...b, objects: [b.objects[0], { ...b.objects[1], attributes: { objectclass: ['top', 'serviceConnectionPoint'], keywords: [HOSTILE, ' x '], ntsecuritydescriptor: [sd([ace(0, 0, 1, 'S-1-5-11')])] } }] });
    expect(() => parseBackup('dn: x\n')).toThrow(/not a haadj-preflight backup/);
    expect(parseLdif('dn: a\nk: v\n k2\n')[0]?.attributes.get('k')).toEqual(['vk2']);
  });

  it('an undo only accepts the container and the SCP of one configuration partition', () => {
    const nc = 'CN=Configuration,DC=contoso,DC=test';
    const base = { version: 1 as const, forest: 'contoso.test', server: 'dc1', port: 636, takenAt: 'x' };
    const ok: Backup = { ...base, objects: [{ dn: `CN=Device Registration Configuration,CN=Services,${nc}`, existed: false }, { dn: `cn=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,${nc}`, existed: false }] };
    expect(backupConfigurationNc(ok)).toBe(nc);
    expect(() => backupConfigurationNc({ ...base, objects: [{ dn: 'CN=Administrator,CN=Users,DC=contoso,DC=test', existed: false }] })).toThrow(/neither/);
    expect(() => backupConfigurationNc({ ...base, objects: [{ dn: `CN=Other,CN=Device Registration Configuration,CN=Services,${nc}`, existed: false }] })).toThrow(/neither/);
    expect(() => backupConfigurationNc({ ...base, objects: [ok.objects[0] as Backup['objects'][number], { dn: 'CN=Device Registration Configuration,CN=Services,CN=Configuration,DC=evil,DC=test', existed: false }] })).toThrow(/two configuration/);
  });
});
