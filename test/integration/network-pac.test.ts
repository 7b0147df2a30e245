import { beforeAll, describe, expect, inject, it } from 'vitest';
import { DEVICE_LOGIN, DRS, labConfig, LOGIN, one, runCli, type CliResult } from './network-helpers.js';

const lab = inject('networkLab');

describe('network lab: PAC, WinHTTP, environment proxy, check command', () => {
  let pacFile: CliResult;
  let pacUrl: CliResult;
  let winhttp: CliResult;
  let env: CliResult;
  let check: CliResult;
  let badEnv: CliResult;

  beforeAll(async () => {
    [pacFile, pacUrl, winhttp, env, check, badEnv] = await Promise.all([
      runCli('probe', labConfig(lab, { proxies: [{ pac: lab.pacFile }] })),
      runCli('probe', labConfig(lab, { proxies: [{ pac: lab.pacUrl }] })),
      runCli('probe', labConfig(lab, { proxies: ['direct'], winhttpProxyFile: lab.winhttpFile })),
      runCli('probe', labConfig(lab, { proxies: ['env'] }), { HTTPS_PROXY: lab.proxies.open, NO_PROXY: 'device.login.microsoftonline.com' }),
      runCli('check', labConfig(lab, { proxies: ['direct', lab.proxies.auth] })),
      runCli('probe', labConfig(lab, { proxies: [{ url: lab.proxies.auth, usernameEnv: 'LAB_PROXY_USER', passwordEnv: 'LAB_PROXY_PASS' }] })),
    ]);
  });

  it('a PAC file: each endpoint follows its PAC route; the failing ones are named with codes', () => {
    const label = `pac:${lab.pacFile}`;
    const drs = one(pacFile, 'pac-proxy', { proxy: label, endpoint: DRS });
    expect(drs.status).toBe('pass');
    expect(drs.message).toContain(`PROXY ${lab.proxies.open.replace('http://', '')}`);
    const login = one(pacFile, 'pac-proxy', { proxy: label, endpoint: LOGIN });
    expect(login.status).toBe('fail');
    expect(login.codes).toEqual(['0x801c003d', '0x80190197']);
    const dev = one(pacFile, 'pac-proxy', { proxy: label, endpoint: DEVICE_LOGIN });
    expect(dev.status).toBe('fail');
    expect(dev.codes).toEqual(['0x80072efd']);
    expect(one(pacFile, 'endpoint-reachable', { proxy: label, endpoint: DEVICE_LOGIN }).status).toBe('fail');
    expect(one(pacFile, 'proxy-auth', { proxy: label, endpoint: LOGIN }).status).toBe('fail');
  });

  it('a PAC URL is downloaded and evaluated the same way', () => {
    const label = `pac:${lab.pacUrl}`;
    expect(one(pacUrl, 'pac-proxy', { proxy: label, endpoint: DRS }).status).toBe('pass');
    expect(one(pacUrl, 'pac-proxy', { proxy: label, endpoint: DEVICE_LOGIN }).codes).toEqual(['0x80072efd']);
  });

  it('netsh winhttp show proxy output becomes a proxy path', () => {
    const f = one(winhttp, 'endpoint-reachable', { proxy: lab.proxies.open, endpoint: DRS });
    expect(f.status).toBe('pass');
    expect(f.evidence['route']).toBe(lab.proxies.open);
  });

  it('HTTPS_PROXY / NO_PROXY from the environment', () => {
    expect(one(env, 'endpoint-reachable', { proxy: lab.proxies.open, endpoint: DRS }).evidence['route']).toBe(lab.proxies.open);
    expect(one(env, 'endpoint-reachable', { proxy: lab.proxies.open, endpoint: DEVICE_LOGIN }).evidence['route']).toBe('direct');
  });

  it('check runs the network half too and names proxy and endpoint', () => {
    const f = one(check, 'proxy-auth', { proxy: lab.proxies.auth, endpoint: DRS });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x80190197']);
    expect(one(check, 'endpoint-reachable', { proxy: 'direct', endpoint: DRS }).status).toBe('pass');
    expect(check.code).toBe(1);
  });

  it('a missing proxy password variable is a one-line user error (exit 2)', () => {
    expect(badEnv.code).toBe(2);
    expect(badEnv.stderr).toMatch(/LAB_PROXY_USER/);
  });
});
