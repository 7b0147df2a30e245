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
