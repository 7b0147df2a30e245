import { describe, expect, it } from 'vitest';
import { toCapture, normalizeProxyServer, hostFromSourceName, systemProxyPath } from '../../../src/derived/dsregcmd/capture.js';
import { Fleet } from '../../../src/derived/dsregcmd/fleet.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import type { Environment } from '../../../src/engine/fleet-environment.js';
import { ForestIndex } from '../../../src/engine/fleet-environment.js';
import { deviceRows, summarizeFleet } from '../../../src/engine/fleet-summary.js';
import type { Finding } from '../../../src/engine/report.js';
import { fullSample } from './samples.js';
import { capture } from './fleet-samples.js';

function add(fleet: Fleet, text: string, file: string, fileTime = 0): void {
  fleet.add(toCapture(parseDsregcmdStatus(text), { source: file, fallbackName: file, fileTime }));
}

const finding = (f: Partial<Finding> & Pick<Finding, 'check' | 'status'>): Finding => ({
  title: f.check, message: `${f.check} says so`, forest: null, server: null, proxy: null, endpoint: null, codes: [], remedy: null, evidence: {}, ...f,
});

describe('fleet: one row per device', () => {
  it('ten captures of the same device from different days count once, with the newest state', () => {
    const fleet = new Fleet();
    // days 1..9 fail with the SCP error, day 10 is joined; added in a scrambled order
    for (const day of [4, 10, 1, 7, 2, 9, 3, 8, 5, 6]) add(fleet, capture({ host: 'pc-01', domain: 'contoso.com', day, state: day === 10 ? 'joined' : 'scp' }), `pc-01_2026-11-${day}.txt`);
    const s = summarizeFleet(fleet, null);
    expect(s.devices).toBe(1);
    expect(s.captures).toMatchObject({ total: 10, used: 10, duplicates: 9 });
    expect(s.byJoinState).toEqual({ 'hybrid-joined': { count: 1, devices: ['pc-01.contoso.com'] } });
    expect(s.byClientErrorCode).toEqual({ none: { count: 1, devices: ['pc-01.contoso.com'] } });
    expect(s.history).toEqual({ devicesWithHistory: 1, improved: 1, regressed: 0 });
    const rows = [...deviceRows(fleet, null)];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ joinState: 'hybrid-joined', captures: 10, lastCapture: '2026-11-10T08:00:00.000Z', source: 'pc-01_2026-11-10.txt' });
  });

  it('a regression is the newest state, and counts as regressed', () => {
    const fleet = new Fleet();
    add(fleet, capture({ host: 'pc-02', domain: 'contoso.com', day: 1, state: 'joined' }), 'a.txt');
    add(fleet, capture({ host: 'pc-02', domain: 'contoso.com', day: 2, state: 'timeout' }), 'b.txt');
    const s = summarizeFleet(fleet, null);
    expect(s.byClientErrorCode['0x801c0021']?.count).toBe(1);
    expect(s.history).toEqual({ devicesWithHistory: 1, improved: 0, regressed: 1 });
  });

  it('two oldest captures taken at the same time: the first state is the same whatever order they came in', () => {
    // same Client Time, one failing, one joined; a later joined capture: improved or not must not depend on order
    const tie = (state: 'scp' | 'joined', file: string) => [capture({ host: 'pc-03', domain: 'contoso.com', day: 1, state }), file] as const;
    const inputs = [tie('scp', 'a.txt'), tie('joined', 'b.txt'), [capture({ host: 'pc-03', domain: 'contoso.com', day: 5, state: 'joined' }), 'c.txt'] as const];
    const histories = [[0, 1, 2], [1, 0, 2], [2, 1, 0], [2, 0, 1]].map((order) => {
      const fleet = new Fleet();
      for (const i of order) add(fleet, inputs[i]![0], inputs[i]![1]);
      return summarizeFleet(fleet, null).history;
    });
    // on a tie `newer` puts the greater source later, so a.txt (failing) is the oldest: failing → joined
    for (const h of histories) expect(h).toEqual({ devicesWithHistory: 1, improved: 1, regressed: 0 });
  });

  it('without Client Time the file time decides; the same host in two domains is two devices', () => {
    const fleet = new Fleet();
    const noTime = (t: string) => t.replace(/\n\s*Client Time : [^\n]*/, '');
    add(fleet, noTime(capture({ host: 'pc-03', domain: 'contoso.com', day: 1, state: 'joined' })), 'new.txt', 2000);
    add(fleet, noTime(capture({ host: 'pc-03', domain: 'contoso.com', day: 1, state: 'scp' })), 'old.txt', 1000);
    add(fleet, capture({ host: 'pc-03', domain: 'fabrikam.com', day: 1 }), 'other.txt');
    const s = summarizeFleet(fleet, null);
    expect(s.devices).toBe(2);
    expect([...deviceRows(fleet, null)].map((r) => [r.name, r.joinState])).toEqual([
      ['pc-03.contoso.com', 'hybrid-joined'],
      ['pc-03.fabrikam.com', 'domain-joined'],
    ]);
  });

  it('links a device captured before it joined (host key) and after (DeviceId), in any order', () => {
    const id = '126cafbf-18e6-47a8-ad06-d5affe132b36';
    const texts: Array<[string, string]> = [
      [capture({ host: 'pc-04', domain: 'contoso.com', day: 1 }), 'd1.txt'],
      [capture({ host: 'pc-04', domain: 'contoso.com', day: 3, state: 'joined', deviceId: id }), 'd3.txt'],
      // a capture with the DeviceId only (no host name printed anywhere)
      [capture({ host: 'pc-04', domain: 'contoso.com', day: 2, state: 'joined', deviceId: id }).replace(/\n\s*Device Name : [^\n]*/, '').replace(/Executing Account Name : [^\n]*/, ''), 'zz.txt'],
    ];
    for (const order of [[0, 1, 2], [2, 0, 1], [1, 2, 0]]) {
      const fleet = new Fleet();
      for (const i of order) add(fleet, texts[i]![0], texts[i]![1]);
      const s = summarizeFleet(fleet, null);
      expect(s.devices).toBe(1);
      expect(JSON.stringify(s)).toBe(JSON.stringify(summarizeFleet((() => { const f = new Fleet(); for (const [t, n] of texts) add(f, t, n); return f; })(), null)));
    }
  });

  it('keeps bounded samples, not every name', () => {
    const fleet = new Fleet();
    for (let i = 0; i < 500; i++) add(fleet, capture({ host: `pc-${String(i).padStart(4, '0')}`, domain: 'contoso.com', day: 1 }), `${i}.txt`);
    const s = summarizeFleet(fleet, null);
    expect(s.byClientErrorCode['0x801c001d']).toMatchObject({ count: 500 });
    expect(s.byClientErrorCode['0x801c001d']?.devices).toHaveLength(10);
    expect(s.byClientErrorCode['0x801c001d']?.devices[0]).toBe('pc-0000.contoso.com');
    expect(s.errorGroups[0]?.devices).toHaveLength(10);
  });
});

describe('fleet: tied to the environment', () => {
  const env: Environment = {
    source: 'report.json',
    forests: [{ name: 'contoso.com', domains: ['contoso.com', 'eu.contoso.com'] }, { name: 'fabrikam.com', domains: [] }],
    findings: [
      finding({ check: 'scp-keywords', status: 'fail', forest: 'fabrikam.com', codes: ['0x801c001d'], message: 'The SCP has no azureADId keyword.' }),
      finding({ check: 'scp-keywords', status: 'pass', forest: 'contoso.com' }),
      finding({ check: 'drs-discovery', status: 'fail', proxy: 'http://proxy.contoso.com:8080', endpoint: 'https://enterpriseregistration.windows.net/a', codes: ['0x801c0021', '0x80190197'] }),
      finding({ check: 'drs-discovery', status: 'fail', proxy: 'http://proxy.contoso.com:8080', endpoint: 'https://enterpriseregistration.windows.net/b', codes: ['0x801c0021', '0x80190197'] }),
      finding({ check: 'drs-discovery', status: 'pass', proxy: 'direct' }),
    ],
  };

  it('groups the 0x801c001d devices of the forest whose SCP check fails under that finding', () => {
    const fleet = new Fleet();
    for (let i = 0; i < 3; i++) add(fleet, capture({ host: `fab-${i}`, domain: 'fabrikam.com', day: 1 }), `f${i}.txt`);
    for (let i = 0; i < 2; i++) add(fleet, capture({ host: `con-${i}`, domain: 'eu.contoso.com', day: 1 }), `c${i}.txt`);
    const s = summarizeFleet(fleet, env);
    const fab = s.errorGroups.find((g) => g.forest === 'fabrikam.com');
    expect(fab).toMatchObject({ code: '0x801c001d', count: 3 });
    expect(fab?.explainedBy).toEqual([expect.objectContaining({ check: 'scp-keywords', forest: 'fabrikam.com', devices: 3 })]);
    // contoso's SCP passes: its 0x801c001d devices are in contoso's group, not explained by fabrikam's finding
    const con = s.errorGroups.find((g) => g.forest === 'contoso.com');
    expect(con).toMatchObject({ code: '0x801c001d', count: 2, explainedBy: [] });
    expect(s.forests.map((f) => [f.forest, f.devices])).toEqual([['fabrikam.com', 3], ['contoso.com', 2]]);
  });

  it('ties discovery errors to the proxy path the devices use when the probe fails on it', () => {
    const fleet = new Fleet();
    add(fleet, capture({ host: 'p1', domain: 'contoso.com', day: 1, state: 'timeout', proxy: 'PROXY.contoso.com:8080' }), 'p1.txt');
    add(fleet, capture({ host: 'p2', domain: 'contoso.com', day: 1, state: 'timeout', proxy: 'http=proxy.contoso.com:8080;https=proxy.contoso.com:8080' }), 'p2.txt');
    add(fleet, capture({ host: 'd1', domain: 'contoso.com', day: 1, state: 'timeout' }), 'd1.txt');
    const s = summarizeFleet(fleet, env);
    const g = s.errorGroups.find((x) => x.code === '0x801c0021/0x80072ee2');
    expect(g).toMatchObject({ forest: 'contoso.com', count: 3, proxies: { 'http://proxy.contoso.com:8080': 2, direct: 1 } });
    expect(g?.explainedBy).toEqual([expect.objectContaining({ check: 'drs-discovery', proxy: 'http://proxy.contoso.com:8080', devices: 2, subCodeMatches: false })]);
  });

  it('a probe of one forest\'s tenant, or a finding without a subject, explains no other forest\'s devices', () => {
    const scoped: Environment = {
      ...env,
      findings: [
        finding({ check: 'tenant-resolution', status: 'fail', proxy: 'direct', endpoint: 'https://login.microsoftonline.com/fabrikam.com/.well-known/openid-configuration', codes: ['0x801c0021'] }),
        finding({ check: 'scp-tenant-consistent', status: 'fail', codes: ['0x801c0021'] }),
      ],
    };
    const fleet = new Fleet();
    add(fleet, capture({ host: 'c1', domain: 'contoso.com', day: 1, state: 'timeout' }), 'c1.txt');
    add(fleet, capture({ host: 'f1', domain: 'fabrikam.com', day: 1, state: 'timeout' }), 'f1.txt');
    add(fleet, capture({ host: 't1', domain: 'tailspin.local', day: 1, state: 'timeout' }), 't1.txt');
    const s = summarizeFleet(fleet, scoped);
    const by = (forest: string | null) => s.errorGroups.find((g) => g.forest === forest)?.explainedBy?.map((x) => x.check);
    expect(by('fabrikam.com')).toEqual(['tenant-resolution']);
    expect(by('contoso.com')).toEqual([]);
    expect(by(null)).toEqual([]);
  });

  it('maps domains to forests by DNS name, child domains, and (inferred) NetBIOS name', () => {
    const index = new ForestIndex(env.forests);
    expect(index.forestOf({ dnsDomain: 'eu.contoso.com', netbios: 'EU' })).toEqual({ forest: 'contoso.com', by: 'dns' });
    expect(index.forestOf({ dnsDomain: 'child.fabrikam.com', netbios: null })).toEqual({ forest: 'fabrikam.com', by: 'dns' });
    expect(index.forestOf({ dnsDomain: null, netbios: 'FABRIKAM' })).toEqual({ forest: 'fabrikam.com', by: 'netbios' });
    expect(index.forestOf({ dnsDomain: 'tailspin.local', netbios: 'CONTOSO' })).toBeNull();
  });
});

describe('capture fields', () => {
  it('reads the SYSTEM proxy path from the proxy sections, and nothing when they are absent', () => {
    expect(systemProxyPath(parseDsregcmdStatus(fullSample()))).toBe('direct');
    expect(systemProxyPath(parseDsregcmdStatus(capture({ host: 'a', domain: 'contoso.com', day: 1, proxy: 'p:3128' })))).toBe('http://p:3128');
    expect(systemProxyPath(parseDsregcmdStatus('AzureAdJoined : NO\nDomainJoined : YES\n'))).toBeNull();
    expect(normalizeProxyServer('http=a:80;https=b:8443')).toBe('http://b:8443');
    expect(normalizeProxyServer('http://Proxy:8080/')).toBe('http://proxy:8080');
  });

  it('takes the host name from the file name without the date a collection script adds', () => {
    expect(hostFromSourceName('PC-01_2026-11-03.txt')).toBe('PC-01');
    expect(hostFromSourceName('pc-01-20261103T0405.txt')).toBe('pc-01');
    expect(hostFromSourceName('pc-01.txt')).toBe('pc-01');
  });
});
