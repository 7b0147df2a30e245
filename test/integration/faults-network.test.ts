/**
 * Fault matrix, network side — only what network-failures/-core/-tls do not cover already (those
 * cover: hung proxy, closed proxy, 407, HTML block/captive pages, TLS interception, NXDOMAIN of the
 * endpoint names, untrusted chain). Here: a proxy that resets CONNECT, a proxy answering CONNECT with
 * 10 MB of garbage, an endpoint answering 200 with a 10 MB garbage body, an endpoint that drips its
 * response a byte at a time, and a proxy whose own name is NXDOMAIN — next to the healthy direct path.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ProbeArtifact } from '../../src/artifacts/network.js';
import { failureOf, observed } from '../../src/artifacts/outcome.js';
import type { Artifacts } from '../../src/artifacts/types.js';
import { BODY_READ_LIMIT } from '../../src/gather/http/probe.js';
import { ensureLoopbackAddress, FAULT_IP, makeFaultCerts, startFakeProxy, type FakeProxy, type FaultCerts } from '../lab/faults.js';
import { runCli as runCliRaw } from '../support/cli.js';
import { DRS, LOGIN, one, runCli, discoverUrl, type CliResult } from './network-helpers.js';

const lab = inject('networkLab');
const TIMEOUT_MS = 3000;
const MARGIN_MS = 2500;
const NX_PROXY = 'http://nxproxy.lab.test:3128';
const ENDPOINT_NAMES = ['enterpriseregistration.windows.net', 'login.microsoftonline.com', 'device.login.microsoftonline.com', 'autologon.microsoftazuread-sso.com', 'certauth.enterpriseregistration.windows.net'];

describe('fault matrix: network', () => {
  let certs: FaultCerts;
  let reset: FakeProxy;
  let garbage: FakeProxy;
  let flood: FakeProxy;
  let drip: FakeProxy;
  let r: CliResult;
  let probes: ProbeArtifact[];
  let pathIdOf: (label: string) => number;

  beforeAll(async () => {
    for (const ip of Object.values(FAULT_IP)) await ensureLoopbackAddress(ip);
    certs = makeFaultCerts([], ENDPOINT_NAMES);
    reset = await startFakeProxy({ ip: FAULT_IP.resetProxy, port: 3128, mode: 'reset' });
    garbage = await startFakeProxy({ ip: FAULT_IP.garbageProxy, port: 3128, mode: 'garbage' });
    flood = await startFakeProxy({ ip: FAULT_IP.floodProxy, port: 3128, mode: 'flood', key: certs.key, cert: certs.cert });
    drip = await startFakeProxy({ ip: FAULT_IP.dripProxy, port: 3128, mode: 'drip', key: certs.key, cert: certs.cert });
    // One CA file trusting both the lab "Microsoft" CA and the fakes' CA; both count as expected issuers.
    const caFile = join(mkdtempSync(join(tmpdir(), 'haadj-faults-ca-')), 'ca.pem');
    writeFileSync(caFile, readFileSync(lab.originCaFile, 'utf8') + readFileSync(certs.caFile, 'utf8'));
    const config = {
      tenant: { id: lab.tenantId, name: 'contoso.lab.test' },
      forests: [],
      network: {
        dnsServers: [lab.dnsServer],
        caFile,
        expectedIssuers: [lab.originCaName, certs.caName],
        timeoutMs: TIMEOUT_MS,
        proxies: ['direct', reset.url, garbage.url, flood.url, drip.url, NX_PROXY],
      },
    };
    r = await runCli('probe', config);
    const bundleFile = join(mkdtempSync(join(tmpdir(), 'haadj-faults-')), 'bundle.json');
    const configFile = join(mkdtempSync(join(tmpdir(), 'haadj-faults-')), 'config.json');
    writeFileSync(configFile, JSON.stringify(config));
    const g = await runCliRaw(['gather', '--config', configFile, '--output', bundleFile]);
    if (g.code !== 0) throw new Error(`gather failed: ${g.stderr}`);
    const artifacts = (JSON.parse(readFileSync(bundleFile, 'utf8')) as { artifacts: Artifacts }).artifacts;
    probes = artifacts.network?.probes ?? [];
    pathIdOf = (label) => {
      const p = artifacts.network?.paths.find((x) => x.label === label);
      if (!p) throw new Error(`no path ${label}`);
      return p.id;
    };
  });

  afterAll(async () => {
    await Promise.all([reset, garbage, flood, drip].filter(Boolean).map((p) => p.stop()));
    certs?.cleanup();
  });

  it('the run completes with exit 1 within one probe timeout plus a margin, no stack trace; the direct path passes', () => {
    expect(r.code).toBe(1);
    expect(r.elapsedMs).toBeLessThan(TIMEOUT_MS + MARGIN_MS);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(one(r, 'endpoint-reachable', { proxy: 'direct', endpoint: DRS }).status).toBe('pass');
    expect(one(r, 'drs-discovery', { proxy: 'direct', endpoint: /discover/ }).status).toBe('pass');
    for (const p of probes) expect(p.timings.totalMs, `${p.route} ${p.requestKey}`).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('a proxy that resets CONNECT: connection aborted, 0x801c0021/0x80072efe', () => {
    const f = one(r, 'endpoint-reachable', { proxy: reset.url, endpoint: DRS });
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072efe'] });
    expect(f.message).toMatch(/ECONNRESET/);
    expect(one(r, 'drs-discovery', { proxy: reset.url, endpoint: /discover/ }).codes).toEqual(['0x801c0021', '0x80072efe']);
    expect(reset.connects).toBeGreaterThan(0);
  });

  it('a proxy answering CONNECT with 10 MB of garbage: the head read stops at its bound; cannot connect', () => {
    const f = one(r, 'endpoint-reachable', { proxy: garbage.url, endpoint: LOGIN });
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c003d', '0x80072efd'] });
    expect(f.message).toMatch(/did not answer CONNECT with HTTP/);
    const p = probes.find((x) => x.pathId === pathIdOf(garbage.url));
    expect(p && failureOf(p.outcome)).toMatchObject({ stage: 'proxy', code: 'EPROTO' });
  });

  it('an endpoint answering 200 with 10 MB of garbage: the body read is bounded (64 KB) and the answer is judged not JSON', () => {
    const f = one(r, 'drs-discovery', { proxy: flood.url, endpoint: discoverUrl('contoso.lab.test') });
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x8007000d'] });
    const floodProbes = probes.filter((x) => x.pathId === pathIdOf(flood.url));
    expect(floodProbes.length).toBeGreaterThan(0);
    for (const p of floodProbes) {
      const response = observed(p.outcome)?.response;
      expect(response?.bodyBytes).toBeLessThanOrEqual(BODY_READ_LIMIT);
      expect(response?.bodyTruncated).toBe(true);
      expect(response?.json).toBeUndefined();
    }
  });

  it('an endpoint that drips its response: timeout in the http phase at the probe deadline, 0x801c0021/0x80072ee2 or 0x801c001f', () => {
    const f = one(r, 'drs-discovery', { proxy: drip.url, endpoint: /discover/ });
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072ee2'], evidence: { alternativeCodes: [['0x801c001f']] } });
    expect(f.message).toMatch(/no answer within 3000 ms \(http phase\)/);
    const p = probes.find((x) => x.pathId === pathIdOf(drip.url));
    expect(p && failureOf(p.outcome)).toMatchObject({ stage: 'http', code: 'ETIMEDOUT' });
    expect(p?.timings.totalMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
  });

  it('a proxy whose own name is NXDOMAIN: 0x80072ee7 at endpoint-reachable; endpoint-dns does not blame the endpoint name', () => {
    const f = one(r, 'endpoint-reachable', { proxy: NX_PROXY, endpoint: DRS });
    expect(f).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072ee7'] });
    expect(f.message).toMatch(/nxproxy\.lab\.test/);
    const d = one(r, 'endpoint-dns', { proxy: NX_PROXY, endpoint: DRS });
    expect(d.status).toBe('skip');
    expect(d.message).toMatch(/proxy .*itself could not be resolved/);
  });
});
