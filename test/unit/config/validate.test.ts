import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';

describe('validateConfig', () => {
  it('applies defaults: ldaps, 10 s timeout, AzureCloud', () => {
    const s = validateConfig({ forests: [{ name: 'Contoso.COM' }] });
    expect(s.cloud).toBe('AzureCloud');
    expect(s.forests[0]).toMatchObject({ name: 'contoso.com', tls: 'ldaps', timeoutMs: 10_000 });
  });

  it.each([
    [{ forests: [{ name: 'contoso.com', tls: 'ssl' }] }, 'forests[0].tls'],
    [{ forests: [{ name: 'contoso.com', timeoutMs: '10' }] }, 'forests[0].timeoutMs'],
    [{ forests: [{ name: 'contoso.com', pasword: 'x' }] }, 'forests[0].pasword'],
    [{ forests: [{}] }, 'forests[0].name'],
    [{ forests: {} }, 'forests'],
    [{ tenant: { id: 'not-a-guid' } }, 'tenant.id'],
    [{ cloud: 'Mars' }, 'cloud'],
    [{ forest: [] }, 'forest'],
    [{ forests: [{ name: 'a.com' }, { name: 'A.com' }] }, 'forests[1].name'],
    [{ forests: [{ name: 'a.com', passwordEnv: 'X', passwordFile: 'y' }] }, 'forests[0]'],
  ])('names the key in the error for %j', (raw, key) => {
    expect(() => validateConfig(raw)).toThrow(`config: ${key}:`);
  });
});

describe('forests[].clientSideScp', () => {
  it('resolves regFile against the config file folder and keeps the written path', () => {
    const s = validateConfig({ forests: [{ name: 'contoso.com', clientSideScp: { regFile: 'cdj-aad.reg' } }] }, { baseDir: '/etc/preflight' });
    expect(s.forests[0]?.clientSideScp).toEqual({ regFile: 'cdj-aad.reg', regFilePath: '/etc/preflight/cdj-aad.reg' });
  });

  it.each([
    [{ clientSideScp: 'cdj.reg' }, 'forests[0].clientSideScp'],
    [{ clientSideScp: {} }, 'forests[0].clientSideScp.regFile'],
    [{ clientSideScp: { regFile: '' } }, 'forests[0].clientSideScp.regFile'],
    [{ clientSideScp: { regFile: 'a.reg', tenant: 'x' } }, 'forests[0].clientSideScp.tenant'],
  ])('rejects %j naming the key', (extra, key) => {
    expect(() => validateConfig({ forests: [{ name: 'contoso.com', ...extra }] })).toThrow(`config: ${key}:`);
  });
});
