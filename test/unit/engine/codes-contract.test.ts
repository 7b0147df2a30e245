/**
 * One source of truth for codes: a check's meta.codes. These tests run every check, the way the
 * engine does, over a corpus of evidence (the demo bundle plus synthetic faults of every kind the
 * classifiers know) and fail when a check predicts a code its meta does not declare, or declares a
 * code the catalog lacks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ProbeArtifact } from '../../../src/artifacts/network.js';
import type { Artifacts } from '../../../src/artifacts/types.js';
import { parseBundle } from '../../../src/artifacts/bundle.js';
import { CHECKS } from '../../../src/checks/index.js';
import type { Check } from '../../../src/checks/types.js';
import { CATALOG } from '../../../src/codes/catalog.js';
import { planRequests } from '../../../src/derived/network/endpoints.js';
import { runCheck } from '../../../src/engine/run.js';
import { verifiedByIndex } from '../../../src/engine/verified-by.js';
import { ace, sd } from '../../support/sd-build.js';
import { artifacts, dc, forest, OTHER_TENANT, scp, TENANT } from '../checks/build.js';
import { DIRECT, failed, network, ok, PROXY, withNetwork } from '../network/build.js';

const demo = parseBundle(readFileSync(new URL('../../../demo/sample-bundle.json', import.meta.url), 'utf8'), 'demo');

const html = (status: number) => ({ response: { status, contentType: 'text/html', headers: {}, bodyBytes: 30, bodyTruncated: false, bodyExcerpt: '<html><body>Sign in</body></html>' } });
const json = (status: number, body: unknown) => ({ response: { status, contentType: 'application/json', headers: {}, bodyBytes: 30, bodyTruncated: false, bodyExcerpt: JSON.stringify(body), json: body } });
const proxyAnswer = (status: number, headers: Record<string, string>) => ({ proxyResponse: { status, statusText: 'x', headers } });

/** Every way a probe can go wrong that the classifiers tell apart. */
const PROBE_FAULTS: Array<(pathId: number, key: string) => ProbeArtifact> = [
  (p, k) => failed(p, k, { stage: 'dns', code: 'ENOTFOUND', message: 'no such name' }),
  (p, k) => failed(p, k, { stage: 'connect', code: 'ECONNREFUSED', message: 'refused' }),
  (p, k) => failed(p, k, { stage: 'connect', code: 'ETIMEDOUT', message: 'timeout' }),
  (p, k) => failed(p, k, { stage: 'tls', code: 'ECONNRESET', message: 'reset' }),
  (p, k) => failed(p, k, { stage: 'tls', code: 'SELF_SIGNED_CERT_IN_CHAIN', message: 'self signed' }, { tls: { authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', chain: [] } }),
  (p, k) => failed(p, k, { stage: 'tls', code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'handshake' }),
  (p, k) => failed(p, k, { stage: 'proxy', code: 'PROXY_STATUS', message: '407' }, proxyAnswer(407, { 'proxy-authenticate': 'Basic realm="x"' })),
  (p, k) => failed(p, k, { stage: 'proxy', code: 'PROXY_STATUS', message: '407' }, proxyAnswer(407, { 'proxy-authenticate': 'Negotiate, NTLM' })),
  (p, k) => failed(p, k, { stage: 'proxy', code: 'PROXY_STATUS', message: '503' }, proxyAnswer(503, { 'x-squid-error': 'ERR_DNS_FAIL 0' })),
  (p, k) => failed(p, k, { stage: 'proxy', code: 'PROXY_STATUS', message: '503' }, proxyAnswer(503, { 'x-squid-error': 'ERR_CONNECT_FAIL 110' })),
  (p, k) => failed(p, k, { stage: 'pac', code: 'PAC_DOWNLOAD', message: 'no pac' }),
  (p, k) => failed(p, k, { stage: 'http', code: 'ETIMEDOUT', message: 'slow' }),
  (p, k) => ok(p, k, html(200)),
  (p, k) => ok(p, k, html(502)),
  (p, k) => ok(p, k, json(503, {})),
  (p, k) => ok(p, k, json(400, { error: 'invalid_tenant', error_description: 'AADSTS90002: Tenant not found' })),
  (p, k) => ok(p, k, { response: { status: 200, contentType: 'text/plain', headers: {}, bodyBytes: 3, bodyTruncated: false, bodyExcerpt: 'abc' } }),
  (p, k) => ok(p, k, { tls: { protocol: 'TLSv1', authorized: true, chain: [{ subject: 'CN=x', issuer: 'CN=Inspect CA', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2027-01-01T00:00:00.000Z' }] } }),
  (p, k) => ok(p, k, { response: { status: 200, contentType: 'application/json', date: 'Wed, 25 Nov 2026 10:00:00 GMT', headers: {}, bodyBytes: 2, bodyTruncated: false, bodyExcerpt: '{}', json: {} } }),
  (p, k) => ok(p, k, json(200, { account_type: 'Unknown' })),
  (p, k) => ok(p, k, json(200, { issuer: `https://sts.windows.net/${OTHER_TENANT}/` })),
];

function networkCorpus(): Artifacts[] {
  const keys = planRequests('AzureCloud', false, ['contoso.com']).map((r) => r.key);
  return PROBE_FAULTS.flatMap((fault) => [DIRECT, PROXY].map((path) => withNetwork(network([path], keys.map((key) => fault(path.id, key))))));
}

const DENY_SD = sd([ace(1, 0x10, 0x10, 'S-1-5-11'), ace(0, 0x10, 0x20094, 'S-1-5-11')]).toString('base64');
const FAILURES = ['dns', 'connect', 'tls', 'starttls', 'bind', 'rootdse', 'search'] as const;

function directoryCorpus(): Artifacts[] {
  const one = (over: Parameters<typeof dc>[1]) => artifacts([forest('contoso.test', [dc('dc1.contoso.test', over)])]);
  return [
    one({}),
    one({ scp: null }),
    one({ container: { dn: 'x', exists: false }, scp: null }),
    one({ scp: scp([`azureadid:${TENANT}`, 'azureADName:contoso.com']) }),
    one({ scp: scp([`azureADId:${OTHER_TENANT}`, 'azureADName:contoso.com']) }),
    one({ scp: scp(['azureADId:not-a-guid']) }),
    one({ scp: scp([], { securityDescriptor: DENY_SD }) }),
    one({ rootDse: { configurationNamingContext: 'CN=Configuration,DC=contoso,DC=test', currentTime: '2026-11-25T09:00:00.000Z' } }),
    ...FAILURES.map((stage) => one({ failure: { stage, code: 'ECONNREFUSED', message: stage }, container: undefined, scp: undefined })),
    artifacts([
      forest('contoso.test', [dc('dc1.contoso.test'), dc('dc2.contoso.test', { scp: null })]),
      forest('fabrikam.test', [dc('dc1.fabrikam.test', { scp: scp([`azureADId:${OTHER_TENANT}`, 'azureADName:fabrikam.com']) })]),
    ]),
  ];
}

const CORPUS: Artifacts[] = [demo, ...networkCorpus(), ...directoryCorpus()];

/** Codes a check predicted over the corpus (codes and alternative forms) that its meta does not declare. */
function undeclaredCodes(check: Check, corpus: readonly Artifacts[]): string[] {
  const declared = new Set(check.meta.codes);
  const seen = new Set<string>();
  for (const a of corpus) {
    for (const r of runCheck(check, a)) {
      const alternatives = (r.evidence?.['alternativeCodes'] as string[][] | undefined) ?? [];
      for (const code of [...(r.codes ?? []), ...alternatives.flat()]) if (!declared.has(code)) seen.add(code);
    }
  }
  return [...seen].sort();
}

describe('codes: one source of truth (meta.codes)', () => {
  it.each(CHECKS.map((c) => [c.meta.id, c] as const))('%s predicts only codes its meta declares', (_id, check) => {
    expect(undeclaredCodes(check, CORPUS)).toEqual([]);
  });

  it('the corpus makes the checks predict codes at all (the test above can fail)', () => {
    const predicted = new Set(CHECKS.flatMap((c) => CORPUS.flatMap((a) => runCheck(c, a).flatMap((r) => r.codes ?? []))));
    expect(predicted.size).toBeGreaterThan(10);
    const liar: Check = { ...CHECKS[0]!, meta: { ...CHECKS[0]!.meta, codes: [] }, run: () => [{ status: 'fail', message: 'x', codes: ['0x801c001d'] }] };
    expect(undeclaredCodes(liar, [demo])).toEqual(['0x801c001d']);
  });

  it('every declared code is in the catalog', () => {
    const known = new Set(CATALOG.map((e) => e.hex));
    for (const c of CHECKS) for (const code of c.meta.codes) expect(known.has(code), `${c.meta.id}: ${code}`).toBe(true);
  });

  it('"verified by" is derived: every check that declares a code is listed for it, and nothing else', () => {
    const index = verifiedByIndex(CHECKS);
    for (const [hex, ids] of index) {
      for (const id of ids) expect(CHECKS.find((c) => c.meta.id === id)?.meta.codes, `${hex} ← ${id}`).toContain(hex);
    }
    for (const c of CHECKS) for (const code of c.meta.codes) expect(index.get(code)).toContain(c.meta.id);
  });
});
