import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../../../src/config/jsonc.js';
import { renderStarterConfig } from '../../../src/config/starter.js';
import { validateConfig } from '../../../src/config/validate.js';

const schema = JSON.parse(readFileSync(new URL('../../../schema/config.schema.json', import.meta.url), 'utf8'));

describe('starter config', () => {
  const text = renderStarterConfig({ forests: ['contoso.com', 'fabrikam.com'], tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47', schemaPath: '/x/config.schema.json' });

  it('loads with the validator and with the published JSON Schema', () => {
    const raw = parseJsonc(text);
    const settings = validateConfig(raw);
    expect(settings.forests.map((f) => f.name)).toEqual(['contoso.com', 'fabrikam.com']);
    expect(settings.forests[1]?.passwordEnv).toBe('FABRIKAM_LDAP_PASSWORD');
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
  });

  it('the schema rejects what the validator rejects', () => {
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate({ forests: [{ name: 'a.com', tls: 'ssl' }] })).toBe(false);
    expect(validate({ forests: [{ name: 'a.com', pasword: 'x' }] })).toBe(false);
    expect(() => validateConfig({ forests: [{ name: 'a.com', tls: 'ssl' }] })).toThrow();
  });
});

describe('config schema, network section', () => {
  it('accepts what the validator accepts and rejects an unknown network key', () => {
    const raw = { forests: [], network: { proxies: ['direct', 'env', 'http://proxy.contoso.com:8080', { url: 'http://p.contoso.com:3128', usernameEnv: 'U', passwordEnv: 'P' }, { pac: 'http://wpad/wpad.dat' }], timeoutMs: 5000, seamlessSso: true } };
    expect(() => validateConfig(raw)).not.toThrow();
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(raw), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ network: { proxys: [] } })).toBe(false);
    expect(() => validateConfig({ network: { proxys: [] } })).toThrow('config: network.proxys');
  });
});
