import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEVICE_LOGIN, DRS, discoverUrl, findings, labConfig, LOGIN, one, runCli, type CliResult } from './network-helpers.js';

const lab = inject('networkLab');

describe('network lab: direct, open proxy, proxy with authentication', () => {
  let r: CliResult;
  const authWithCreds = () => lab.proxies.auth.replace('http://', `http://${lab.proxyUser}:${lab.proxyPassword}@`);

  beforeAll(async () => {
    r = await runCli('probe', labConfig(lab, { proxies: ['direct', lab.proxies.open, authWithCreds()] }));
  });

  it('produces a JSON report with network findings only', () => {
    expect(r.report, r.stderr).toBeDefined();
    expect(new Set(r.report?.findings.map((f) => f.check))).not.toContain('scp-present');
    expect(r.code).toBe(1);
    const ajv = new Ajv({ allErrors: true, strict: true });
    (addFormats as unknown as (a: Ajv) => void)(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object);
    expect(validate(r.report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('direct passes: reachable, resolved through the lab DNS, trusted TLS, discovery works', () => {
    for (const endpoint of [DRS, LOGIN, DEVICE_LOGIN]) {
      expect(one(r, 'endpoint-reachable', { proxy: 'direct', endpoint }).status).toBe('pass');
      expect(one(r, 'endpoint-dns', { proxy: 'direct', endpoint }).status).toBe('pass');
      expect(one(r, 'tls-verify', { proxy: 'direct', endpoint }).status).toBe('pass');
      expect(one(r, 'tls-interception', { proxy: 'direct', endpoint }).status).toBe('pass');
      expect(one(r, 'tls-version', { proxy: 'direct', endpoint }).status).toBe('pass');
      expect(one(r, 'clock-skew-http', { proxy: 'direct', endpoint }).status).toBe('pass');
    }
    const drs = one(r, 'drs-discovery', { proxy: 'direct', endpoint: discoverUrl('contoso.lab.test') });
    expect(drs.status).toBe('pass');
    expect(one(r, 'tenant-resolution', { proxy: 'direct', endpoint: /openid-configuration/ }).status).toBe('pass');
    expect(one(r, 'user-realm', { proxy: 'direct', endpoint: /UserRealm/ }).status).toBe('pass');
    expect(one(r, 'proxy-html-response', { proxy: 'direct', endpoint: discoverUrl('contoso.lab.test') }).status).toBe('pass');
  });

  it('the open squid passes every check', () => {
    const mine = r.report?.findings.filter((f) => f.proxy === lab.proxies.open) ?? [];
    expect(mine.length).toBeGreaterThan(10);
    for (const f of mine) expect([f.check, f.status, f.message]).toEqual([f.check, 'pass', f.message]);
    expect(one(r, 'proxy-auth', { proxy: lab.proxies.open, endpoint: DRS }).status).toBe('pass');
  });

  it("the authenticating squid fails with 407 for SYSTEM, and works with the configured credentials (which SYSTEM doesn't have)", () => {
    const f = one(r, 'proxy-auth', { proxy: lab.proxies.auth, endpoint: DRS });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x80190197']);
    expect(f.message).toMatch(/407/);
    expect(f.message).toMatch(/configured credentials the proxy lets the request through/);
    expect((f.evidence['withCredentials'] as { outcome: string }).outcome).toBe('ok');
    expect(one(r, 'proxy-auth', { proxy: lab.proxies.auth, endpoint: LOGIN }).codes).toEqual(['0x801c003d', '0x80190197']);
    expect(one(r, 'endpoint-reachable', { proxy: lab.proxies.auth, endpoint: DRS }).status).toBe('fail');
    const drs = one(r, 'drs-discovery', { proxy: lab.proxies.auth, endpoint: discoverUrl('contoso.lab.test') });
    expect(drs.status).toBe('fail');
    expect(drs.codes).toEqual(['0x801c0021', '0x80190197']);
  });

  it('never prints the proxy password', () => {
    expect(r.stdout).not.toContain(lab.proxyPassword);
    expect(r.stderr).not.toContain(lab.proxyPassword);
    expect(r.stdout).not.toContain(`${lab.proxyUser}:`);
    expect(findings(r, 'proxy-auth').every((f) => f.proxy === null || !f.proxy.includes('@'))).toBe(true);
  });
});
