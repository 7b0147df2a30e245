import standalone from 'ajv/dist/standalone/index.js';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { configAjv, readConfigSchema, schemaErrorToConfigError } from '../../../src/config/schema.js';
import { validateConfig } from '../../../src/config/validate.js';
import { CASES } from '../../support/config-faults.js';

/** The key a fault case's expected line names: `/config: forests\[0\]\.name: is required/` → `forests[0].name`. */
function keyOf(pattern: RegExp): string | undefined {
  const m = /^config: (.+?): /.exec(pattern.source.replace(/\\(.)/g, '$1'));
  return m?.[1];
}
const SHAPE_CASES = CASES.filter(([, , , pattern]) => keyOf(pattern) !== undefined);

/** The validator the build generates (scripts/gen-config-validator.mjs), made here in memory. */
function generatedValidator(): ValidateFunction {
  const ajv = configAjv({ code: { source: true } });
  type Generate = (ajv: ReturnType<typeof configAjv>, validate: ValidateFunction) => string;
  const code = ((standalone as unknown as { default?: Generate }).default ?? standalone) as Generate;
  const module = { exports: {} as { default?: ValidateFunction } };
  new Function('module', 'exports', 'require', code(ajv, ajv.compile(readConfigSchema())))(module, module.exports, () => {
    throw new Error('the generated validator must not need a runtime module');
  });
  return module.exports.default as ValidateFunction;
}

describe('every malformed config of the fault matrix, through the schema validator', () => {
  it('covers the config-shape cases (the rest are file contents, checked at gather time)', () => {
    expect(SHAPE_CASES.length).toBeGreaterThanOrEqual(23);
  });

  it.each(SHAPE_CASES)('%s', (_name, _command, config, pattern) => {
    const key = keyOf(pattern) as string;
    const err = (() => {
      try {
        validateConfig(structuredClone(config));
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(err?.message).toMatch(pattern);
    expect(err?.message.startsWith(`config: ${key}: `), err?.message).toBe(true);
  });

  const generated = generatedValidator();
  const compiled = configAjv().compile(readConfigSchema());
  it.each(SHAPE_CASES)('%s: the generated validator reports the same first error', (_name, _command, config) => {
    const first = (v: ValidateFunction) => (v(structuredClone(config)) ? 'valid' : schemaErrorToConfigError(v.errors?.[0] as never).message);
    const expected = first(compiled);
    // Duplicate forests are the one rule after the schema: both validators accept that shape.
    expect(first(generated)).toBe(expected);
  });
});

describe('schema-driven messages', () => {
  it.each([
    [{ network: { proxies: [{ url: 'http://alice:Pw-9x@proxy:3128' }] } }, 'config: network.proxies[0].url: put credentials in usernameEnv/passwordEnv, not in the URL'],
    [{ network: { proxies: ['socks5://alice:Pw-9x@proxy:1080'] } }, 'config: network.proxies[0]: proxy scheme socks5: is not supported (use http://host:port)'],
    [{ network: { proxies: ['http://alice:Pw-9x@proxy:3128/path'] } }, 'config: network.proxies[0]: must be just http://host:port'],
    [{ network: { proxies: [{ pac: 'ftp://wpad/wpad.dat' }] } }, 'config: network.proxies[0].pac: a PAC URL must be http:// or https://'],
    [{ network: { proxies: [{ pac: 'x', url: 'http://p:1' }] } }, 'config: network.proxies[0].url: unknown key (allowed with pac: pac)'],
    [{ forests: [{ name: 'a.com', servers: [' '] }] }, 'config: forests[0].servers[0]: must be a non-empty string'],
    [{ forests: [{ name: 'a..com' }] }, 'config: forests[0].name: "a..com" is not a DNS domain name'],
    [{ concurrency: { forests: 65 } }, 'config: concurrency.forests: must be a whole number from 1 to 64'],
    [{ forests: [{ name: 'a.com', ['\u001b[2Jx']: 1 }] }, 'config: forests[0].\\u001b[2Jx: unknown key (allowed: name, servers, dnsServers, tls, port, caFile, bindDn, passwordEnv, passwordFile, timeoutMs, clientSideScp, syncScope)'],
  ])('%j → %s', (raw, message) => {
    expect(() => validateConfig(raw)).toThrow(message);
  });

  it('never repeats a proxy password', () => {
    for (const proxies of [['http://alice:Pw-9x@proxy:3128/x'], [{ url: 'http://alice:Pw-9x@proxy:3128' }], ['socks5://alice:Pw-9x@h:1']]) {
      expect(() => validateConfig({ network: { proxies } })).toThrow(/^config: network\.proxies\[0\]/);
      expect(() => validateConfig({ network: { proxies } })).not.toThrow(/Pw-9x|alice/);
    }
  });

  it('keys set to null count as absent; defaults come from the schema', () => {
    const s = validateConfig({ tenant: null, forests: [{ name: 'A.com.', caFile: null }], network: {}, clockSkew: null });
    expect(s.tenant).toBeUndefined();
    expect(s.forests).toEqual([{ name: 'a.com', tls: 'ldaps', timeoutMs: 10_000 }]);
    expect(s.clockSkew).toEqual({ warnSeconds: 60, failSeconds: 300 });
    expect(s.concurrency).toEqual({ forests: 8, dcsPerForest: 8 });
    expect(s.network).toEqual({ proxies: [{ kind: 'direct' }, { kind: 'env' }], timeoutMs: 10_000, seamlessSso: false, expectedIssuers: ['Microsoft', 'DigiCert'], concurrency: 32 });
  });

  it('does not change the object it is given', () => {
    const raw = { forests: [{ name: 'a.com' }] };
    validateConfig(raw);
    expect(raw).toEqual({ forests: [{ name: 'a.com' }] });
  });
});
