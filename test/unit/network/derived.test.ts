import { describe, expect, it } from 'vitest';
import { probeFacts } from '../../../src/derived/network/view.js';
import { validateNetworkConfig } from '../../../src/config/validate.js';
import { classifyResponse, classifyTransport, codesFor } from '../../../src/derived/network/classify.js';
import { httpSkewSeconds } from '../../../src/derived/network/clock.js';
import { planRequests } from '../../../src/derived/network/endpoints.js';
import { bypassMatches, parsePacResult, parseWinHttpProxy, redactCredentials, splitNoProxy } from '../../../src/derived/network/proxy-rules.js';
import { realmType, tenantIdFromIssuer, tenantTargets } from '../../../src/derived/network/tenants.js';
import { chainHasExpectedIssuer, isBelowTls12 } from '../../../src/derived/network/tls.js';
import { headerRecord } from '../../../src/gather/http/probe.js';
import { dc, forest, scp } from '../checks/build.js';
import { failed, ok, TID } from './build.js';

describe('network config', () => {
  it('defaults to direct + environment proxy', () => {
    const s = validateNetworkConfig(undefined);
    expect(s.proxies).toEqual([{ kind: 'direct' }, { kind: 'env' }]);
    expect(s.timeoutMs).toBe(10_000);
    expect(s.expectedIssuers).toEqual(['Microsoft', 'DigiCert']);
  });

  it('splits inline credentials off a proxy URL', () => {
    const s = validateNetworkConfig({ proxies: ['http://u%40x:p%3Ass@proxy:8080', { url: 'http://p2:3128', usernameEnv: 'U', passwordEnv: 'P' }, { pac: 'http://wpad/wpad.dat' }] });
    expect(s.proxies[0]).toEqual({ kind: 'http', url: 'http://proxy:8080', inline: { username: 'u@x', password: 'p:ss' } });
    expect(s.proxies[1]).toEqual({ kind: 'http', url: 'http://p2:3128', usernameEnv: 'U', passwordEnv: 'P' });
    expect(s.proxies[2]).toEqual({ kind: 'pac', source: 'http://wpad/wpad.dat' });
  });

  it('names the key in errors and never repeats a password', () => {
    expect(() => validateNetworkConfig({ proxies: ['direct', 'socks5://u:secret@h:1'] })).toThrow(/network\.proxies\[1\]/);
    expect(() => validateNetworkConfig({ proxies: ['direct', 'socks5://u:secret@h:1'] })).not.toThrow(/secret/);
    expect(() => validateNetworkConfig({ dnsServers: ['127.0.0.1:5353', 'nope'] })).toThrow(/network\.dnsServers\[1\]/);
    expect(() => validateNetworkConfig({ bogus: 1 })).toThrow(/network\.bogus/);
    expect(() => validateNetworkConfig({ proxies: [{ url: 'http://p:1', usernameEnv: 'U' }] })).toThrow(/both usernameEnv and passwordEnv/);
    expect(validateNetworkConfig({ dnsServers: ['127.0.77.53', '[::1]:53'] }).dnsServers).toEqual(['127.0.77.53', '[::1]:53']);
  });
});

describe('proxy rules', () => {
  it('redacts user:pass in URLs', () => {
    expect(redactCredentials('failed via http://bob:hunter2@proxy:8080 and https://x@y/z')).toBe('failed via http://proxy:8080 and https://y/z');
  });

  it('parses PAC answers', () => {
    expect(parsePacResult('PROXY a.b:8080; DIRECT')).toEqual([{ type: 'PROXY', host: 'a.b', port: 8080 }, { type: 'DIRECT' }]);
    expect(parsePacResult('')).toEqual([{ type: 'DIRECT' }]);
    expect(parsePacResult('SOCKS5 s:1080')).toEqual([{ type: 'SOCKS5', host: 's', port: 1080 }]);
    expect(parsePacResult('PROXY')[0]?.type).toBe('INVALID');
    expect(parsePacResult('proxy p')).toEqual([{ type: 'PROXY', host: 'p', port: 80 }]);
  });

  it('matches NO_PROXY and WinHTTP bypass lists', () => {
    expect(bypassMatches('device.login.microsoftonline.com', ['.microsoftonline.com'])).toBe(true);
    expect(bypassMatches('login.microsoftonline.com', ['microsoftonline.com'])).toBe(true);
    expect(bypassMatches('evilmicrosoftonline.com', ['microsoftonline.com'])).toBe(false);
    expect(bypassMatches('wpad', ['<local>'])).toBe(true);
    expect(bypassMatches('a.lab.test', ['*.lab.test'])).toBe(true);
    expect(bypassMatches('x.y', ['*'])).toBe(true);
    expect(splitNoProxy('a.com, .b.com c.net')).toEqual(['a.com', '.b.com', 'c.net']);
  });

  it('reads netsh winhttp show proxy', () => {
    expect(parseWinHttpProxy('Current WinHTTP proxy settings:\r\n\r\n    Direct access (no proxy server).\r\n')).toEqual({ direct: true });
    expect(parseWinHttpProxy('    Proxy Server(s) :  proxy.contoso.com:8080\r\n    Bypass List     :  *.contoso.com;<local>\r\n')).toEqual({ direct: false, proxy: 'http://proxy.contoso.com:8080', bypass: ['*.contoso.com', '<local>'] });
    expect(parseWinHttpProxy('Proxy Server(s) :  http=a:80;https=b:8443\nBypass List : (none)')).toEqual({ direct: false, proxy: 'http://b:8443', bypass: [] });
    expect(parseWinHttpProxy('Proxy Server(s) :  p\n')).toEqual({ direct: false, proxy: 'http://p:80', bypass: [] });
    expect('error' in parseWinHttpProxy('garbage')).toBe(true);
  });
});

describe('classification into dsregcmd codes', () => {
  const drs = { role: 'endpoint' as const, host: 'enterpriseregistration.windows.net' };
  const login = { role: 'endpoint' as const, host: 'login.microsoftonline.com' };
  const device = { role: 'endpoint' as const, host: 'device.login.microsoftonline.com' };

  it.each([
    [{ stage: 'dns', code: 'ENOTFOUND', message: 'x' }, 'dns', '0x80072ee7'],
    [{ stage: 'connect', code: 'ECONNREFUSED', message: 'x' }, 'refused', '0x80072efd'],
    [{ stage: 'proxy', code: 'ETIMEDOUT', message: 'x' }, 'timeout', '0x80072ee2'],
    [{ stage: 'http', code: 'ECONNRESET', message: 'x' }, 'reset', '0x80072efe'],
    [{ stage: 'tls', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'x' }, 'tls-verify', '0x80072f8f'],
    [{ stage: 'tls', code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'x' }, 'tls-handshake', '0x80072f8f'],
  ] as const)('%o → %s', (failure, kind, sub) => {
    const v = classifyTransport(probeFacts(failed(0, 'k', { ...failure })));
    expect(v.kind).toBe(kind);
    expect(v.sub).toBe(sub);
  });

  it('reads the proxy answer to CONNECT', () => {
    const f = { stage: 'proxy' as const, code: 'PROXY_STATUS', message: 'x' };
    expect(classifyTransport(probeFacts(failed(1, 'k', f, { proxyResponse: { status: 407, statusText: 'Proxy Authentication Required', headers: { 'proxy-authenticate': 'Basic realm="x"' } } }))).kind).toBe('proxy-auth');
    expect(classifyTransport(probeFacts(failed(1, 'k', f, { proxyResponse: { status: 503, statusText: '', headers: { 'x-squid-error': 'ERR_DNS_FAIL 0' } } }))).kind).toBe('dns');
    expect(classifyTransport(probeFacts(failed(1, 'k', f, { proxyResponse: { status: 503, statusText: '', headers: { 'x-squid-error': 'ERR_CONNECT_FAIL 110' } } }))).kind).toBe('timeout');
    expect(classifyTransport(probeFacts(failed(1, 'k', f, { proxyResponse: { status: 503, statusText: '', headers: { 'x-squid-error': 'ERR_CONNECT_FAIL 111' } } }))).kind).toBe('refused');
    expect(classifyTransport(probeFacts(failed(1, 'k', f, { proxyResponse: { status: 403, statusText: 'Forbidden', headers: {} } }))).kind).toBe('proxy-error');
  });

  it('prints codes top-level first, then the sub-code', () => {
    expect(codesFor(drs, 'AzureCloud', '0x80072efd')).toEqual(['0x801c0021', '0x80072efd']);
    expect(codesFor(drs, 'AzureCloud', '0x80072ee2')).toEqual(['0x801c0021', '0x80072ee2']);
    expect(codesFor(login, 'AzureCloud', '0x80072ee2')).toEqual(['0x801c003d', '0x80072ee2']);
    expect(codesFor(device, 'AzureCloud', '0x80072ee7')).toEqual(['0x80072ee7']);
    expect(codesFor({ role: 'drs-discover', host: 'x' }, 'AzureCloud', '0x801c0025')).toEqual(['0x801c0021', '0x801c0025']);
  });

  it('judges JSON answers', () => {
    const discover = { role: 'drs-discover' as const };
    const html = ok(0, 'k', { response: { status: 200, contentType: 'text/html', headers: {}, bodyBytes: 10, bodyTruncated: false, bodyExcerpt: '<html></html>' } });
    expect(classifyResponse(discover, probeFacts(html))).toMatchObject({ kind: 'html', sub: '0x8007000d' });
    const sniffed = ok(0, 'k', { response: { status: 200, headers: {}, bodyBytes: 10, bodyTruncated: false, bodyExcerpt: '  <!DOCTYPE html><p>' } });
    expect(classifyResponse(discover, probeFacts(sniffed)).kind).toBe('html');
    const busy = ok(0, 'k', { response: { status: 503, headers: {}, bodyBytes: 0, bodyTruncated: false, bodyExcerpt: '' } });
    expect(classifyResponse(discover, probeFacts(busy))).toMatchObject({ kind: 'busy', sub: '0x801c0025' });
    const ghost = ok(0, 'k', { response: { status: 400, contentType: 'application/json', headers: {}, bodyBytes: 10, bodyTruncated: false, bodyExcerpt: '{"error_description":"AADSTS90002: Tenant x not found"}' } });
    expect(classifyResponse(discover, probeFacts(ghost))).toMatchObject({ kind: 'tenant-not-found', sub: '0x801c003a' });
    const text = ok(0, 'k', { response: { status: 200, contentType: 'text/plain', headers: {}, bodyBytes: 2, bodyTruncated: false, bodyExcerpt: 'hi' } });
    expect(classifyResponse(discover, probeFacts(text))).toMatchObject({ kind: 'not-json', sub: '0x8007000d' });
    expect(classifyResponse(discover, probeFacts(ok(0, 'k'))).kind).toBe('json');
  });
});

describe('tenants, TLS, clock', () => {
  it('takes tenant names from the SCPs, then from config', () => {
    const f = forest('contoso.test', [dc('dc1', { scp: scp([`azureADId:${TID}`, 'azureADName:Contoso.COM']) })]);
    expect(tenantTargets([f], { name: 'fabrikam.com', id: TID })).toEqual([
      { name: 'contoso.com', source: 'scp:contoso.test', expectedId: TID, keywords: [`azureADId:${TID}`, 'azureADName:Contoso.COM'] },
      { name: 'fabrikam.com', source: 'config', expectedId: TID },
    ]);
    expect(tenantTargets([f], { name: 'contoso.com' })).toHaveLength(1);
  });

  it('reads the tenant id from an OpenID issuer and the realm type', () => {
    expect(tenantIdFromIssuer(`https://sts.windows.net/${TID.toUpperCase()}/`)).toBe(TID);
    expect(tenantIdFromIssuer(`https://login.microsoftonline.com/${TID}/v2.0`)).toBe(TID);
    expect(tenantIdFromIssuer('https://sts.windows.net/')).toBeUndefined();
    expect(realmType({ account_type: 'Federated', federation_protocol: 'WSTrust' })).toEqual({ type: 'Federated', federationProtocol: 'WSTrust' });
    expect(realmType({ NameSpaceType: 'Unknown' }).type).toBe('Unknown');
    expect(realmType('x').type).toBe('unreadable');
  });

  it('TLS helpers', () => {
    expect(isBelowTls12('TLSv1.1')).toBe(true);
    expect(isBelowTls12('TLSv1.2')).toBe(false);
    expect(chainHasExpectedIssuer([{ subject: 's', issuer: 'O=Contoso, CN=Inspection CA', validFrom: '', validTo: '' }], ['Microsoft', 'DigiCert'])).toBe(false);
    expect(chainHasExpectedIssuer([{ subject: 's', issuer: 'O=DigiCert Inc, CN=DigiCert Global Root G2', validFrom: '', validTo: '' }], ['Microsoft', 'DigiCert'])).toBe(true);
  });

  it('clock skew from the Date header', () => {
    expect(httpSkewSeconds('Wed, 25 Nov 2026 09:00:00 GMT', '2026-11-25T08:00:00.500Z')).toBe(3600);
    expect(httpSkewSeconds('Wed, 25 Nov 2026 08:00:00 GMT', '2026-11-25T08:00:00.900Z')).toBe(0);
    expect(httpSkewSeconds('garbage', '2026-11-25T08:00:00.900Z')).toBeUndefined();
  });

  it('plans requests per cloud', () => {
    expect(planRequests('AzureCloud', false, []).map((r) => r.host)).toEqual(['enterpriseregistration.windows.net', 'login.microsoftonline.com', 'device.login.microsoftonline.com', 'certauth.enterpriseregistration.windows.net']);
    expect(planRequests('AzureCloud', true, []).map((r) => r.host)).toContain('autologon.microsoftazuread-sso.com');
    const d = planRequests('USGovernment', false, ['contoso.com']).find((r) => r.role === 'drs-discover');
    expect(d?.url).toBe('https://enterpriseregistration.windows.net/contoso.com/discover?api-version=1.7');
  });
});

describe('response headers as the probe records them', () => {
  it('joins repeated headers (as undici hands them) and drops cookies and credentials', () => {
    expect(headerRecord({ 'Proxy-Authenticate': ['Basic realm="x"', 'NTLM'] })).toEqual({ 'proxy-authenticate': 'Basic realm="x", NTLM' });
    expect(headerRecord({ 'set-cookie': ['a=1'], authorization: 'Basic x', 'proxy-authorization': 'Basic y', via: '1.1 squid' })).toEqual({ via: '1.1 squid' });
    expect(headerRecord({ server: 'x'.repeat(600) })['server']).toHaveLength(513);
  });
});
