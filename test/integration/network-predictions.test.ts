import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { discoverUrl, DRS, labConfig, LOGIN, one, runCli, type CliResult } from './network-helpers.js';

const lab = inject('networkLab');
const CERTAUTH = 'https://certauth.enterpriseregistration.windows.net/';

describe('network lab: predictions that follow the sources', () => {
  let schemes: CliResult;
  let inspected: CliResult;
  let federatedSkew: CliResult;

  beforeAll(async () => {
    const bothCas = `${lab.dir}/both-cas-predictions.pem`;
    writeFileSync(bothCas, readFileSync(lab.originCaFile, 'utf8') + readFileSync(`${lab.dir}/inspect-ca.pem`, 'utf8'));
    [schemes, inspected, federatedSkew] = await Promise.all([
      runCli('probe', labConfig(lab, { proxies: [lab.proxies.negotiate, lab.proxies.auth, 'direct'] })),
      runCli('probe', labConfig(lab, { proxies: [lab.proxies.bump, 'direct'], caFile: bothCas })),
      runCli('probe', labConfig(lab, { proxies: ['direct'] }, { cloud: 'USGovernment', tenant: { name: 'federated.lab.test' } })),
    ]);
  });

  it('a proxy offering only Negotiate and NTLM: warn (works if it accepts the computer account), not fail', () => {
    expect(schemes.report, schemes.stderr).toBeDefined();
    const f = one(schemes, 'proxy-auth', { proxy: lab.proxies.negotiate, endpoint: DRS });
    expect(f.status).toBe('warn');
    expect(f.evidence['schemes']).toEqual(['negotiate', 'ntlm']);
    expect(f.message).toMatch(/computer account/);
    expect(f.codes).toEqual(['0x801c0021', '0x80190197']);
    expect(f.evidence['source']).toBe('field');
    // Nothing on that path is a fail: what lies beyond the proxy could not be observed from here.
    const onPath = schemes.report?.findings.filter((x) => x.proxy === lab.proxies.negotiate) ?? [];
    expect(onPath.length).toBeGreaterThan(5);
    expect(onPath.filter((x) => x.status === 'fail').map((x) => `${x.check} ${x.endpoint}`)).toEqual([]);
    expect(one(schemes, 'drs-discovery', { proxy: lab.proxies.negotiate, endpoint: discoverUrl('contoso.lab.test') }).status).toBe('warn');
    expect(one(schemes, 'endpoint-reachable', { proxy: lab.proxies.negotiate, endpoint: LOGIN }).status).toBe('warn');
  });

  it('the squid offering only Basic: fail (SYSTEM has no password to give)', () => {
    const f = one(schemes, 'proxy-auth', { proxy: lab.proxies.auth, endpoint: DRS });
    expect(f.status).toBe('fail');
    expect(f.evidence['schemes']).toEqual(['basic']);
    expect(f.codes).toEqual(['0x801c0021', '0x80190197']);
    expect(one(schemes, 'endpoint-reachable', { proxy: lab.proxies.auth, endpoint: DRS }).status).toBe('fail');
  });

  it('certauth.enterpriseregistration.windows.net is probed: intercepted through the bumping squid, clean direct', () => {
    const bumped = one(inspected, 'tls-interception', { proxy: lab.proxies.bump, endpoint: CERTAUTH });
    expect(bumped.status).toBe('fail');
    expect(bumped.message).toMatch(new RegExp(lab.inspectCaName));
    expect(bumped.message).toMatch(/client-certificate/);
    expect(one(inspected, 'tls-interception', { proxy: 'direct', endpoint: CERTAUTH }).status).toBe('pass');
    // Only its certificate is judged: no reachability finding for the client-certificate host.
    expect(inspected.report?.findings.filter((x) => x.endpoint === CERTAUTH).map((x) => x.check).sort()).toEqual(['tls-interception', 'tls-interception']);
  });

  it('a clock an hour off for a federated domain: 0xcaa82f8f in the auth phase, the TLS form only as an inferred alternative', () => {
    const f = one(federatedSkew, 'clock-skew-http', { proxy: 'direct', endpoint: 'https://login.microsoftonline.us/common/oauth2' });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0xcaa82f8f']);
    expect(f.evidence).toMatchObject({ phase: 'auth', source: 'inferred', alternativeCodes: [['0x801c0021', '0x80072f8f']] });
    expect(one(federatedSkew, 'user-realm', { proxy: 'direct', endpoint: /UserRealm/ }).status).toBe('pass');
  });
});
