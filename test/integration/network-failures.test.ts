import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DRS, labConfig, LOGIN, one, runCli, type CliResult } from './network-helpers.js';

const lab = inject('networkLab');
const TIMEOUT_MS = 3000;

describe('network lab: refused, hung, unresolvable, untrusted', () => {
  let refused: CliResult;
  let hung: CliResult;
  let china: CliResult;
  let untrusted: CliResult;

  beforeAll(async () => {
    [refused, hung, china, untrusted] = await Promise.all([
      runCli('probe', labConfig(lab, { proxies: [lab.proxies.closed] })),
      runCli('probe', labConfig(lab, { proxies: ['direct', lab.proxies.hung, lab.proxies.open], timeoutMs: TIMEOUT_MS })),
      runCli('probe', labConfig(lab, { proxies: ['direct', lab.proxies.open] }, { cloud: 'AzureChinaCloud' })),
      runCli('probe', { ...labConfig(lab, { proxies: ['direct'] }), network: { dnsServers: [lab.dnsServer], proxies: ['direct'], timeoutMs: 4000 } }),
    ]);
  });

  it('a closed proxy port: connection refused, 0x801c0021/0x80072efd at DRS', () => {
    const f = one(refused, 'endpoint-reachable', { proxy: lab.proxies.closed, endpoint: DRS });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x80072efd']);
    expect(one(refused, 'endpoint-reachable', { proxy: lab.proxies.closed, endpoint: LOGIN }).codes).toEqual(['0x801c003d', '0x80072efd']);
    expect(one(refused, 'drs-discovery', { proxy: lab.proxies.closed, endpoint: /discover/ }).codes).toEqual(['0x801c0021', '0x80072efd']);
  });

  it('a proxy that accepts and never answers: timeout 0x801c0021/0x80072ee2 or 0x801c001f at discovery, within the probe deadline, without delaying the other paths', () => {
    const f = one(hung, 'endpoint-reachable', { proxy: lab.proxies.hung, endpoint: DRS });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x80072ee2']);
    expect(f.evidence['alternativeCodes']).toEqual([['0x801c001f']]);
    expect(one(hung, 'endpoint-reachable', { proxy: lab.proxies.hung, endpoint: LOGIN }).codes).toEqual(['0x801c003d', '0x80072ee2']);
    const d = one(hung, 'drs-discovery', { proxy: lab.proxies.hung, endpoint: /discover/ });
    expect(d.codes).toEqual(['0x801c0021', '0x80072ee2']);
    expect(d.evidence['alternativeCodes']).toEqual([['0x801c001f']]);
    expect(d.message).toContain('FAIL [0x801c0021/0x80072ee2] (or Client ErrorCode 0x801c001f)');
    // The whole CLI run (start-up, every path × request concurrently) stays within one probe deadline plus slack.
    expect(hung.elapsedMs).toBeLessThan(TIMEOUT_MS + 2000);
    const direct = one(hung, 'endpoint-reachable', { proxy: 'direct', endpoint: DRS });
    expect(direct.status).toBe('pass');
    // Not held up by the hung path: well under that path's deadline (a bound on behaviour, not a speed target).
    expect((direct.evidence['timings'] as { totalMs: number }).totalMs).toBeLessThan(TIMEOUT_MS);
    expect(one(hung, 'endpoint-reachable', { proxy: lab.proxies.open, endpoint: DRS }).status).toBe('pass');
  });

  it('names the lab DNS does not know: 0x80072ee7 on the direct path; the proxy own error on the proxy path', () => {
    const drs = 'https://enterpriseregistration.partner.microsoftonline.cn/';
    const d = one(china, 'endpoint-dns', { proxy: 'direct', endpoint: drs });
    expect(d.status).toBe('fail');
    expect(d.codes).toEqual(['0x801c0021', '0x80072ee7']);
    // Squid 5 answers a CONNECT to a name that does not resolve with 500 ERR_CANNOT_FORWARD, not ERR_DNS_FAIL:
    // we report what the proxy said (cannot connect), and endpoint-dns does not guess.
    const p = one(china, 'endpoint-reachable', { proxy: lab.proxies.open, endpoint: drs });
    expect(p.status).toBe('fail');
    expect(p.codes).toEqual(['0x801c0021', '0x80072efd']);
    expect(p.message).toMatch(/ERR_CANNOT_FORWARD/);
    expect(one(china, 'endpoint-dns', { proxy: lab.proxies.open, endpoint: drs }).status).toBe('skip');
    expect(one(china, 'endpoint-reachable', { proxy: 'direct', endpoint: 'https://login.chinacloudapi.cn/common/oauth2' }).codes).toEqual(['0x801c003d', '0x80072ee7']);
  });

  it('a certificate chain the host does not trust: tls-verify fails with 0x80072f8f, and nothing is sent', () => {
    const f = one(untrusted, 'tls-verify', { proxy: 'direct', endpoint: DRS });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x80072f8f']);
    expect(f.message).toMatch(new RegExp(lab.originCaName));
    const reach = one(untrusted, 'endpoint-reachable', { proxy: 'direct', endpoint: DRS });
    expect(reach.evidence['response']).toBeUndefined();
  });
});
