import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEVICE_LOGIN, discoverUrl, DRS, labConfig, one, runCli, type CliResult } from './network-helpers.js';

const lab = inject('networkLab');

describe('network lab: TLS inspection, block page, old TLS, clock skew', () => {
  let inspected: CliResult;
  let inspectedUntrusted: CliResult;
  let usgov: CliResult;

  beforeAll(async () => {
    // The inspection CA is trusted here (as a company would deploy it), so only tls-interception can tell.
    const bothCas = `${lab.dir}/both-cas.pem`;
    const { readFileSync, writeFileSync } = await import('node:fs');
    writeFileSync(bothCas, readFileSync(lab.originCaFile, 'utf8') + readFileSync(`${lab.dir}/inspect-ca.pem`, 'utf8'));
    [inspected, inspectedUntrusted, usgov] = await Promise.all([
      runCli('probe', labConfig(lab, { proxies: [lab.proxies.bump, lab.proxies.portal], caFile: bothCas })),
      runCli('probe', labConfig(lab, { proxies: [lab.proxies.bump] })),
      runCli('probe', labConfig(lab, { proxies: ['direct'] }, { cloud: 'USGovernment' })),
    ]);
  });

  it('a TLS-bumping squid: tls-interception fails naming the inspection CA', () => {
    const f = one(inspected, 'tls-interception', { proxy: lab.proxies.bump, endpoint: DEVICE_LOGIN });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(new RegExp(lab.inspectCaName));
    expect(f.codes).toEqual([]);
    expect(one(inspected, 'tls-verify', { proxy: lab.proxies.bump, endpoint: DRS }).status).toBe('pass');
    expect(one(inspected, 'drs-discovery', { proxy: lab.proxies.bump, endpoint: discoverUrl('contoso.lab.test') }).status).toBe('pass');
  });

  it('the same proxy with its CA not trusted: 0x801c0021/0x80072f8f', () => {
    const f = one(inspectedUntrusted, 'tls-interception', { proxy: lab.proxies.bump, endpoint: DRS });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x80072f8f']);
    expect(one(inspectedUntrusted, 'tls-verify', { proxy: lab.proxies.bump, endpoint: DRS }).codes).toEqual(['0x801c0021', '0x80072f8f']);
  });

  it('a proxy that answers JSON requests with its HTML error page (squid 403): a failure on the HTTP status, not E_INVALIDDATA', () => {
    const f = one(inspected, 'proxy-html-response', { proxy: lab.proxies.portal, endpoint: discoverUrl('contoso.lab.test') });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/HTTP 403/);
    expect(f.codes).toEqual(['0x801c0021']);
    const d = one(inspected, 'drs-discovery', { proxy: lab.proxies.portal, endpoint: discoverUrl('contoso.lab.test') });
    expect(d.status).toBe('fail');
    expect(d.codes).toEqual(['0x801c0021']);
    expect(d.codes).not.toContain('0x8007000d');
    expect(one(inspected, 'user-realm', { proxy: lab.proxies.portal, endpoint: /UserRealm/ }).codes).toEqual(['0x801c003d']);
  });

  it('a server that negotiates TLS 1.1: tls-version fails', () => {
    const f = one(usgov, 'tls-version', { proxy: 'direct', endpoint: 'https://login.microsoftonline.us/common/oauth2' });
    expect(f.status).toBe('fail');
    expect(f.message).toMatch(/TLSv1\.1/);
    expect(f.codes).toEqual(['0x801c003d', '0x80072f8f']);
    expect(one(usgov, 'tls-version', { proxy: 'direct', endpoint: DRS }).status).toBe('pass');
  });

  it('a server Date one hour ahead (managed domain): clock-skew-http fails; the TLS link of an hour is marked inferred, no auth-phase code', () => {
    const f = one(usgov, 'clock-skew-http', { proxy: 'direct', endpoint: 'https://login.microsoftonline.us/common/oauth2' });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x80072f8f']);
    expect(f.evidence['source']).toBe('inferred');
    expect(Math.abs((f.evidence['skewSeconds'] as number) - 3600)).toBeLessThan(5);
    expect(one(usgov, 'clock-skew-http', { proxy: 'direct', endpoint: DRS }).status).toBe('pass');
  });
});
