/**
 * Fault matrix, directory side: misbehaving "DCs" (test/lab/faults.ts) audited in one run together
 * with the healthy Samba forest contoso.test. Each fault yields the right finding for its layer, the
 * healthy forest is audited normally, nothing runs past its deadline, and no stack trace is printed.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Artifacts } from '../../src/artifacts/types.js';
import type { Finding, Report } from '../../src/engine/report.js';
import { deleteScpContainer, getForest, setScp } from '../lab/index.js';
import { ensureLoopbackAddress, FAULT_IP, makeFaultCerts, startFakeLdaps, startSilentServer, type FakeLdaps, type FaultCerts, type Stoppable } from '../lab/faults.js';
import { runCli, writeTempJson, type CliResult } from '../support/cli.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FAULT_TIMEOUT_MS = 3000;
/** Node start-up, the healthy forest, rendering: generous, but far below a second timeout. */
const MARGIN_MS = 2500;
const contoso = getForest('contoso');
const PW = 'Fault-Matrix-Pw-7731';

/** Fault forests: name → what to configure. */
const FAULTS = {
  'dead.faults.test': { servers: [FAULT_IP.deadDc] },
  'tlsstall.faults.test': { servers: [FAULT_IP.silentDc] },
  'silent.faults.test': { servers: [FAULT_IP.silentDc], tls: 'plain' },
  'silent-starttls.faults.test': { servers: [FAULT_IP.silentDc], tls: 'starttls' },
  'mute.faults.test': { servers: [FAULT_IP.muteDc] },
  'drop.faults.test': { servers: [FAULT_IP.dropDc] },
  'reset.faults.test': { servers: [FAULT_IP.dropDc], tls: 'plain' },
} as const;
type FaultName = keyof typeof FAULTS;

const find = (report: Report, check: string, forest: string): Finding => {
  const f = report.findings.find((x) => x.check === check && x.forest === forest);
  if (!f) throw new Error(`no ${check} finding for ${forest}`);
  return f;
};

function expectNoStack(r: CliResult) {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stdout).not.toMatch(/\n\s+at .*\.js:\d+/);
}

describe('fault matrix: LDAP', () => {
  let certs: FaultCerts;
  const servers: Stoppable[] = [];
  let drop: FakeLdaps;
  let reset: FakeLdaps;
  let json: CliResult & { elapsedMs: number };
  let text: CliResult;
  let report: Report;
  let bundle: Artifacts;

  beforeAll(async () => {
    for (const ip of Object.values(FAULT_IP)) await ensureLoopbackAddress(ip);
    certs = makeFaultCerts([FAULT_IP.muteDc, FAULT_IP.dropDc]);
    servers.push(await startSilentServer(FAULT_IP.silentDc, [636, 389]));
    servers.push(await startFakeLdaps({ ip: FAULT_IP.muteDc, key: certs.key, cert: certs.cert, baseDn: 'DC=mute,DC=faults,DC=test', mute: true }));
    drop = await startFakeLdaps({ ip: FAULT_IP.dropDc, key: certs.key, cert: certs.cert, baseDn: 'DC=drop,DC=faults,DC=test' });
    reset = await startFakeLdaps({ ip: FAULT_IP.dropDc, plain: true, baseDn: 'DC=reset,DC=faults,DC=test', onSearch: (b) => (b.startsWith('CN=62a0ff2e') ? 'reset' : 'answer') });
    servers.push(drop, reset);
    await setScp(contoso, [`azureADName:contoso.com`, `azureADId:${TENANT}`]);

    const forests = [
      { name: contoso.name, dnsServers: [contoso.ip], caFile: contoso.caFile, bindDn: contoso.bindDn, passwordEnv: 'CONTOSO_PW', timeoutMs: 8000 },
      ...Object.entries(FAULTS).map(([name, over]) => ({ name, caFile: certs.caFile, bindDn: 'svc-read@faults.test', passwordEnv: 'FAULT_PW', timeoutMs: FAULT_TIMEOUT_MS, ...over })),
    ];
    const config = writeTempJson('preflight.json', { tenant: { id: TENANT }, forests });
    const env = { CONTOSO_PW: contoso.password, FAULT_PW: PW };
    const bundleFile = join(mkdtempSync(join(tmpdir(), 'haadj-faults-')), 'bundle.json');
    const started = Date.now();
    const r = await runCli(['scp', '--config', config, '--format', 'json'], env);
    json = { ...r, elapsedMs: Date.now() - started };
    [text] = await Promise.all([
      runCli(['scp', '--config', config, '--format', 'text', '--verbose'], env),
      runCli(['gather', '--config', config, '--output', bundleFile], env).then((g) => {
        if (g.code !== 0) throw new Error(`gather failed: ${g.stderr}`);
      }),
    ]);
    try {
      report = JSON.parse(json.stdout) as Report;
    } catch {
      throw new Error(`no JSON report (exit ${json.code}): ${json.stderr}`);
    }
    bundle = (JSON.parse(readFileSync(bundleFile, 'utf8')) as { artifacts: Artifacts }).artifacts;
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    certs?.cleanup();
    await deleteScpContainer(contoso);
  });

  it('the run completes with exit 1, within one fault timeout plus a margin, without stack traces or secrets', () => {
    expect(json.code).toBe(1);
    expect(json.elapsedMs).toBeLessThan(FAULT_TIMEOUT_MS + MARGIN_MS);
    expectNoStack(json);
    expectNoStack(text);
    expect(text.code).toBe(1);
    for (const out of [json.stdout, json.stderr, text.stdout, text.stderr, JSON.stringify(bundle)]) {
      expect(out).not.toContain(PW);
      expect(out).not.toContain(contoso.password);
    }
    // Every faulty DC gave up at its own deadline (not twice the deadline: no reconnect after it).
    for (const f of bundle.forests) for (const dc of f.dcs) expect(dc.durationMs, `${f.name} ${dc.host}`).toBeLessThan(2 * FAULT_TIMEOUT_MS);
  });

  it('the healthy forest is audited normally', () => {
    for (const id of ['dc-discovery', 'dc-reachable', 'dc-tls', 'dc-bind', 'scp-container', 'scp-present', 'scp-keywords', 'scp-tenant-match', 'scp-read-access']) {
      expect(find(report, id, contoso.name).status, id).toBe('pass');
    }
    expect(text.stdout).toMatch(/Forest contoso\.test/);
  });

  it('a dead DC (closed port): dc-reachable fails with connection refused; later stages are skipped, the SCP checks are errors (never "missing")', () => {
    const name: FaultName = 'dead.faults.test';
    expect(find(report, 'dc-reachable', name)).toMatchObject({ status: 'fail', server: FAULT_IP.deadDc });
    expect(find(report, 'dc-reachable', name).message).toMatch(/connection refused/);
    expect(find(report, 'dc-tls', name).status).toBe('skip');
    expect(find(report, 'dc-bind', name).status).toBe('skip');
    expect(find(report, 'scp-present', name)).toMatchObject({ status: 'error', codes: [] });
  });

  it('a stalled TLS handshake (TCP accepted, no ServerHello): dc-tls error ETIMEDOUT, not a connect failure', () => {
    const name: FaultName = 'tlsstall.faults.test';
    expect(find(report, 'dc-reachable', name).status).toBe('pass');
    const tls = find(report, 'dc-tls', name);
    expect(tls.status).toBe('error');
    expect(tls.message).toMatch(/TLS handshake did not finish before the timeout \(ETIMEDOUT\)/);
    expect(find(report, 'scp-present', name).status).toBe('error');
  });

  it('a DC that accepts TCP and never answers LDAP (plain): connected, then dc-bind error "did not answer"', () => {
    const name: FaultName = 'silent.faults.test';
    expect(find(report, 'dc-reachable', name).status).toBe('pass');
    const bind = find(report, 'dc-bind', name);
    expect(bind.status).toBe('error');
    expect(bind.message).toMatch(/^Connected to 127\.0\.0\.31, but the DC did not answer LDAP requests before the timeout \(ETIMEDOUT\)/);
  });

  it('the same silent DC with StartTLS: dc-tls error naming the StartTLS negotiation', () => {
    const name: FaultName = 'silent-starttls.faults.test';
    expect(find(report, 'dc-reachable', name).status).toBe('pass');
    expect(find(report, 'dc-tls', name)).toMatchObject({ status: 'error' });
    expect(find(report, 'dc-tls', name).message).toMatch(/StartTLS negotiation got no answer before the timeout/);
  });

  it('a DC that completes TLS and then never answers: dc-tls passes, dc-bind error "did not answer"', () => {
    const name: FaultName = 'mute.faults.test';
    expect(find(report, 'dc-reachable', name).status).toBe('pass');
    expect(find(report, 'dc-tls', name).status).toBe('pass');
    expect(find(report, 'dc-bind', name).message).toMatch(/did not answer LDAP requests before the timeout/);
  });

  it('a DC that closes the connection on the SCP search: an error naming the closed connection, never "SCP missing", and no silent unbound retry', () => {
    const name: FaultName = 'drop.faults.test';
    expect(find(report, 'dc-tls', name).status).toBe('pass');
    const bind = find(report, 'dc-bind', name);
    expect(bind.status).toBe('error');
    expect(bind.message).toMatch(/reading the configuration partition failed: Connection closed before message response was received/);
    const present = find(report, 'scp-present', name);
    expect(present).toMatchObject({ status: 'error', codes: [] });
    expect(present.message).toMatch(/search failed \(Connection closed/);
    // Per run: rootDSE, bind, objectSid, container, SCP — and no anonymous reconnect afterwards.
    expect(drop.connections).toBe(3);
    expect(drop.drops).toBe(3);
  });

  it('a DC that resets (RST) the connection on the SCP search: the same, in the search stage', () => {
    const name: FaultName = 'reset.faults.test';
    expect(find(report, 'dc-reachable', name).status).toBe('pass');
    expect(find(report, 'dc-bind', name).status).toBe('error');
    expect(find(report, 'scp-present', name)).toMatchObject({ status: 'error', codes: [] });
    expect(find(report, 'scp-present', name).message).toMatch(/search failed/);
    expect(reset.connections).toBe(3);
  });

  it('the text report names each fault on one line per finding', () => {
    expect(text.stdout).toMatch(/FAIL\s+dc-reachable\s+\[127\.0\.0\.30\] Cannot connect to 127\.0\.0\.30:636 \(connection refused\)/);
    expect(text.stdout).toMatch(/ERROR\s+dc-tls\s+\[127\.0\.0\.31\] TLS with 127\.0\.0\.31 failed: the TLS handshake did not finish/);
    expect(text.stdout).not.toContain('\u001b');
  });
});
