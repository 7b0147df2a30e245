/** Pure parts of the fault-matrix fixes: failure attribution and the messages the checks derive from it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../src/config/load.js';
import { runCheck } from '../../src/engine/run.js';
import { escapeHtml, escapeJsonUnsafe } from '../../src/util/sanitize.js';
import { dcBind } from '../../src/checks/dc-bind.js';
import { dcReachable } from '../../src/checks/dc-reachable.js';
import { dcTls } from '../../src/checks/dc-tls.js';
import { endpointDns } from '../../src/checks/endpoint-dns.js';
import { endpointReachable } from '../../src/checks/endpoint-reachable.js';
import { describeFailure } from '../../src/gather/ldap/failure.js';
import { artifacts, dc, forest } from './checks/build.js';
import { DIRECT, failed, K, network, ok, PROXY, withNetwork } from './network/build.js';
import { splitBer } from '../lab/faults.js';

const failing = (failure: NonNullable<Parameters<typeof dc>[1]>['failure'], over: Parameters<typeof dc>[1] = {}) =>
  artifacts([forest('contoso.test', [dc('dc1.contoso.test', { failure, rootDse: undefined, container: undefined, scp: undefined, ...over })])]);

describe('describeFailure keeps the stage of a reset that happens after the connection was up', () => {
  it.each(['ECONNRESET', 'EPIPE'])('%s during a search stays in the search stage', (code) => {
    expect(describeFailure(Object.assign(new Error(`read ${code}`), { code }), 'search')).toMatchObject({ stage: 'search', code: code });
  });
  it('ECONNREFUSED while connecting is still a connect failure; a DNS failure stays dns', () => {
    expect(describeFailure(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'connect')).toMatchObject({ stage: 'connect', code: 'ECONNREFUSED' });
    expect(describeFailure(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), 'dns')).toMatchObject({ stage: 'dns' });
  });
  it('a reset during the TLS handshake is a TLS-stage failure', () => {
    expect(describeFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'tls')).toMatchObject({ stage: 'tls', code: 'ECONNRESET' });
  });
});

describe('directory checks on a DC that connected but did not answer', () => {
  const hung = failing({ stage: 'rootdse', code: 'ETIMEDOUT', message: 'LDAP exchange timed out after 3000 ms' }, { tlsSession: { protocol: 'TLSv1.3' } });

  it('dc-reachable passes (TCP was accepted), dc-tls passes, dc-bind is an error that does not claim a bind', () => {
    expect(runCheck(dcReachable, hung)[0]?.status).toBe('pass');
    expect(runCheck(dcTls, hung)[0]?.status).toBe('pass');
    const bind = runCheck(dcBind, hung)[0];
    expect(bind?.status).toBe('error');
    expect(bind?.message).toMatch(/^Connected to dc1\.contoso\.test, but the DC did not answer LDAP requests before the timeout \(ETIMEDOUT\)/);
    expect(bind?.message).not.toMatch(/Bound/);
  });

  it('a failure after the bind still says so', () => {
    const a = failing({ stage: 'search', code: 'Error', message: 'Connection closed before message response was received' }, { tlsSession: { protocol: 'TLSv1.3' } });
    expect(runCheck(dcBind, a)[0]?.message).toMatch(/^Bound to dc1\.contoso\.test, but reading the configuration partition failed: Connection closed/);
  });

  it('dc-tls names a StartTLS negotiation that got no answer, and a handshake reset', () => {
    const starttls = failing({ stage: 'starttls', code: 'ETIMEDOUT', message: 'timed out' }, { tls: 'starttls', tlsSession: undefined });
    expect(runCheck(dcTls, starttls)[0]?.message).toMatch(/the StartTLS negotiation got no answer before the timeout \(ETIMEDOUT\)/);
    const reset = failing({ stage: 'tls', code: 'ECONNRESET', message: 'socket hang up' }, { tlsSession: undefined });
    expect(runCheck(dcTls, reset)[0]?.message).toMatch(/closed the connection during the TLS handshake .*\(ECONNRESET\)/);
    expect(runCheck(dcReachable, reset)[0]?.status).toBe('pass');
  });
});

describe('endpoint-dns on a proxy path whose proxy name does not resolve', () => {
  const a = withNetwork(network([DIRECT, PROXY], [ok(0, K.drs), failed(1, K.drs, { stage: 'dns', code: 'ENOTFOUND', message: 'proxy: queryA ENOTFOUND proxy' })]));

  it('skips (the endpoint name was never looked up) while endpoint-reachable fails with 0x80072ee7', () => {
    const dns = runCheck(endpointDns, a).find((f) => f.proxy === 'http://proxy:3128');
    expect(dns?.status).toBe('skip');
    expect(dns?.message).toMatch(/the proxy http:\/\/proxy:3128 itself could not be resolved/);
    const reach = runCheck(endpointReachable, a).find((f) => f.proxy === 'http://proxy:3128');
    expect(reach).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072ee7'] });
  });

  it('a proxy that reports it cannot resolve the endpoint still fails endpoint-dns', () => {
    const b = withNetwork(network([PROXY], [failed(1, K.drs, { stage: 'proxy', code: 'PROXY_STATUS', message: 'the proxy answered CONNECT with 503' }, { proxyResponse: { status: 503, statusText: 'Service Unavailable', headers: { 'x-squid-error': 'ERR_DNS_FAIL 0' } } })]));
    expect(runCheck(endpointDns, b)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072ee7'] });
  });
});

describe('the fake LDAP server framing (test/lab/faults.ts)', () => {
  it('splits complete BER messages and keeps a partial one', () => {
    const short = Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01]);
    const long = Buffer.concat([Buffer.from([0x30, 0x81, 0x80]), Buffer.alloc(0x80, 0x04)]);
    const { messages, rest } = splitBer(Buffer.concat([short, long, long.subarray(0, 10)]));
    expect(messages.map((m) => m.length)).toEqual([5, 0x83]);
    expect(rest.length).toBe(10);
  });
});

describe('a config that is not valid JSON never echoes its text (it may hold proxy credentials)', () => {
  it.each([
    '{"network": {"proxies": ["http://alice:Pw-9x@proxy:3128", x]}}',
    '{"network": {"proxies": ["http://alice:Pw-9x@proxy:3128" "direct"]}}',
    '{"network": {"proxies": ["http://alice:Pw-9x@proxy:3128"]}}}',
  ])('%s', async (text) => {
    const path = join(mkdtempSync(join(tmpdir(), 'haadj-unit-')), 'c.json');
    writeFileSync(path, text);
    const err = await loadConfigFile(path).then(() => undefined, (e: unknown) => e as Error);
    expect(err?.message).toMatch(/is not valid JSON/);
    expect(err?.message).not.toMatch(/Pw-9x|alice|proxy:3128/);
  });
});

describe('machine and HTML output of hostile values', () => {
  const hostile = 'a\u001b[31mb\u0007c\u007fd\u009be\u202ef\u2028g<script>';

  it('escapeJsonUnsafe re-escapes what JSON.stringify leaves raw, losslessly', () => {
    const json = escapeJsonUnsafe(JSON.stringify({ v: hostile }));
    // eslint-disable-next-line no-control-regex
    expect(json).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u202e]/);
    expect((JSON.parse(json) as { v: string }).v).toBe(hostile);
  });

  it('escapeHtml shows control characters and bidi overrides as escapes and escapes markup', () => {
    const html = escapeHtml(hostile);
    // eslint-disable-next-line no-control-regex
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(html).toContain('\\u001b[31m');
    expect(html).toContain('&lt;script&gt;');
  });
});
