import { describe, expect, it } from 'vitest';
import { NETWORK_CHECKS } from '../../../src/checks/network.js';
import { checkGroup, type CheckResult } from '../../../src/checks/types.js';
import { runCheck } from '../../../src/engine/run.js';
import { artifacts } from '../checks/build.js';
import { DIRECT, failed, K, network, ok, PROXY, PROXY_CREDS, TID, withNetwork } from './build.js';

/** A network check as the engine runs it (missing sections become `error`). */
const byId = (id: string): { run: (a: ReturnType<typeof artifacts>) => CheckResult[] } => {
  const c = NETWORK_CHECKS.find((x) => x.meta.id === id);
  if (!c) throw new Error(id);
  return { run: (a) => runCheck(c, a) };
};
const AUTH_407 = { proxyResponse: { status: 407, statusText: 'Proxy Authentication Required', headers: { 'proxy-authenticate': 'Basic realm="x"' } } };
const PROXY_STATUS = { stage: 'proxy' as const, code: 'PROXY_STATUS', message: 'the proxy answered CONNECT with 407' };

describe('network checks', () => {
  it('lists the network checks in report order', () => {
    expect(NETWORK_CHECKS.map((c) => c.meta.id)).toEqual(['endpoint-reachable', 'endpoint-dns', 'proxy-auth', 'pac-proxy', 'tls-verify', 'tls-interception', 'tls-version', 'clock-skew-http', 'proxy-html-response', 'drs-discovery', 'tenant-resolution', 'user-realm']);
    for (const c of NETWORK_CHECKS) expect(checkGroup(c.meta)).toBe('network');
  });

  it('every network check is an error, never silent, when the network half did not run', () => {
    for (const c of NETWORK_CHECKS) {
      const results = runCheck(c, artifacts([]));
      expect(results, c.meta.id).toHaveLength(1);
      expect(results[0], c.meta.id).toMatchObject({ status: 'error', evidence: { missingArtifacts: ['network'] } });
    }
  });

  it("'endpoint-reachable' and 'endpoint-dns' name proxy and endpoint with codes", () => {
    const a = withNetwork(network([DIRECT], [failed(0, K.drs, { stage: 'dns', code: 'ENOTFOUND', message: 'nx' }), ok(0, K.login)]));
    const reach = byId('endpoint-reachable').run(a);
    expect(reach[0]).toMatchObject({ status: 'fail', proxy: 'direct', endpoint: 'https://enterpriseregistration.windows.net/', codes: ['0x801c0021', '0x80072ee7'] });
    expect(reach[1]?.status).toBe('pass');
    expect(byId('endpoint-dns').run(a)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072ee7'] });
  });

  it("'proxy-auth' fails a 407 and reports the credentialed twin", () => {
    const a = withNetwork(network([PROXY, PROXY_CREDS], [failed(1, K.drs, PROXY_STATUS, AUTH_407), ok(2, K.drs)]));
    const [r] = byId('proxy-auth').run(a);
    expect(r).toMatchObject({ status: 'fail', proxy: 'http://proxy:3128', codes: ['0x801c0021', '0x80190197'] });
    expect(r?.message).toMatch(/configured credentials/);
    expect(JSON.stringify(r)).not.toMatch(/Basic [A-Za-z0-9+/=]{8,}/);
  });

  it("'tls-verify', 'tls-interception' and 'tls-version'", () => {
    const inspected = ok(0, K.drs, { tls: { protocol: 'TLSv1.1', authorized: true, chain: [{ subject: 'CN=x', issuer: 'CN=Contoso Inspection CA', validFrom: '', validTo: '' }] } });
    const untrusted = failed(0, K.login, { stage: 'tls', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'x' }, { tls: { authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', chain: [] } });
    const a = withNetwork(network([DIRECT], [inspected, untrusted]));
    expect(byId('tls-interception').run(a)[0]).toMatchObject({ status: 'fail', codes: [] });
    expect(byId('tls-version').run(a)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072f8f'] });
    expect(byId('tls-verify').run(a)[1]).toMatchObject({ status: 'fail', codes: ['0x801c003d', '0x80072f8f'] });
  });

  it("'clock-skew-http' uses the configured thresholds", () => {
    const skewed = ok(0, K.drs, { response: { status: 200, date: 'Wed, 25 Nov 2026 08:02:00 GMT', headers: {}, bodyBytes: 0, bodyTruncated: false, bodyExcerpt: '' } });
    const [r] = byId('clock-skew-http').run(withNetwork(network([DIRECT], [skewed])));
    expect(r?.status).toBe('warn');
  });

  it("'drs-discovery', 'proxy-html-response', 'tenant-resolution', 'user-realm'", () => {
    const html = { status: 200, contentType: 'text/html', headers: {}, bodyBytes: 5, bodyTruncated: false, bodyExcerpt: '<html>' };
    const a = withNetwork(
      network([DIRECT], [
        ok(0, K.discover, { response: html }),
        ok(0, K.openid, { response: { status: 200, headers: {}, bodyBytes: 2, bodyTruncated: false, bodyExcerpt: '{}', json: { issuer: 'https://sts.windows.net/0a0b0c0d-1111-2222-3333-444455556666/' } } }),
        ok(0, K.realm, { response: { status: 200, headers: {}, bodyBytes: 2, bodyTruncated: false, bodyExcerpt: '{}', json: { account_type: 'Unknown' } } }),
      ]),
    );
    expect(byId('drs-discovery').run(a)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x8007000d'], endpoint: 'https://enterpriseregistration.windows.net/contoso.com/discover?api-version=1.7' });
    expect(byId('proxy-html-response').run(a)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x8007000d'] });
    const t = byId('tenant-resolution').run(a)[0];
    expect(t?.status).toBe('fail');
    expect(t?.message).toContain(TID);
    expect(byId('user-realm').run(a)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x801c003a'] });
  });

  it("'pac-proxy' reports an unloadable PAC", () => {
    const pacPath = { id: 0, label: 'pac:http://wpad/wpad.dat', kind: 'pac' as const, pacSource: 'http://wpad/wpad.dat', source: 'config' as const, credentials: 'none' as const };
    const net = network([pacPath], [failed(0, K.drs, { stage: 'pac', code: 'ECONNREFUSED', message: 'PAC download failed' }, { route: 'none' })], ['contoso.com'], {
      pac: [{ pathId: 0, source: 'http://wpad/wpad.dat', load: { ok: false, failure: { stage: 'pac', code: 'ECONNREFUSED', message: 'PAC download failed' } }, decisions: {} }],
    });
    expect(byId('pac-proxy').run(withNetwork(net))[0]).toMatchObject({ status: 'fail', proxy: 'pac:http://wpad/wpad.dat', codes: ['0x80072f87'] });
    expect(byId('endpoint-reachable').run(withNetwork(net))[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072f87'] });
  });
});
