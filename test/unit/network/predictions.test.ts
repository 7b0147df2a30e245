import { describe, expect, it } from 'vitest';
import type { ProbeArtifact } from '../../../src/artifacts/network.js';
import type { ProbeFacts } from '../../../src/derived/network/view.js';
import { probeFacts } from '../../../src/derived/network/view.js';
import { NETWORK_CHECKS } from '../../../src/checks/network.js';
import type { Check, CheckResult } from '../../../src/checks/types.js';
import { lookupCode } from '../../../src/codes/lookup.js';
import { challengeSchemes, classifyResponse, classifyTransport, codeBasis, predict } from '../../../src/derived/network/classify.js';
import { skewPrediction } from '../../../src/derived/network/clock.js';
import { endpointKind, planRequests } from '../../../src/derived/network/endpoints.js';
import { alternativeCodes } from '../../../src/report/model.js';
import { renderText } from '../../../src/report/text.js';
import { renderHtml } from '../../../src/report/html.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { evaluate, runCheck } from '../../../src/engine/run.js';
import { DIRECT, failed, K, network, ok, PROXY, probeArtifact, scpForest, TID, withNetwork } from './build.js';

/** The registered check (for evaluate). */
const registered = (id: string): Check => NETWORK_CHECKS.find((x) => x.meta.id === id) ?? (() => { throw new Error(id); })();
/** A network check as the engine runs it (missing sections become `error`). */
const byId = (id: string): { meta: Check['meta']; run: (a: Parameters<typeof runCheck>[1]) => CheckResult[] } => {
  const c = NETWORK_CHECKS.find((x) => x.meta.id === id);
  if (!c) throw new Error(id);
  return { meta: c.meta, run: (a) => runCheck(c, a) };
};
const PROXY_STATUS = { stage: 'proxy' as const, code: 'PROXY_STATUS', message: 'the proxy answered CONNECT with 407' };
const challenge = (value: string): Partial<ProbeFacts> => ({ proxyResponse: { status: 407, statusText: 'Proxy Authentication Required', headers: { 'proxy-authenticate': value } } });
const TIMEOUT = { stage: 'connect' as const, code: 'ETIMEDOUT', message: 'no answer within 1000 ms' };
const body = (status: number, contentType: string, excerpt: string, json?: unknown) => ({ response: { status, contentType, headers: {}, bodyBytes: excerpt.length, bodyTruncated: false, bodyExcerpt: excerpt, ...(json === undefined ? {} : { json }) } });
const OTHER = '0a0b0c0d-1111-2222-3333-444455556666';

describe('1. discovery timeout offers both forms', () => {
  it('predicts 0x801c0021/0x80072ee2 with 0x801c001f as the alternative', () => {
    const p = predict(['0x801c0021', '0x80072ee2']);
    expect(p.codes).toEqual(['0x801c0021', '0x80072ee2']);
    expect(p.evidence.alternativeCodes).toEqual([['0x801c001f']]);
    expect(p.text).toBe('0x801c0021/0x80072ee2 or 0x801c001f');
    expect(predict(['0x801c003d', '0x80072ee2']).evidence.alternativeCodes).toBeUndefined();
  });

  it('drs-discovery and endpoint-reachable carry the alternative; the text report prints "or"', () => {
    const a = withNetwork(network([PROXY], [failed(1, K.discover, TIMEOUT), failed(1, K.drs, TIMEOUT)]));
    const [d] = byId('drs-discovery').run(a);
    expect(d).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80072ee2'], evidence: { alternativeCodes: [['0x801c001f']], source: 'microsoft' } });
    expect(d?.message).toContain('DRS Discovery Test : FAIL [0x801c0021/0x80072ee2] (or Client ErrorCode 0x801c001f)');
    expect(byId('endpoint-reachable').run(a)[0]?.message).toContain('0x801c0021/0x80072ee2 or 0x801c001f');
    const report = evaluate(a, [registered('drs-discovery')]);
    expect(alternativeCodes(report.findings[0] as never)).toEqual([['0x801c001f']]);
    const text = renderText(report, { color: false, verbose: false, codeName: (h) => lookupCode(h)?.name ?? undefined });
    expect(text).toContain('0x801c0021 (DSREG_AUTOJOIN_DISC_FAILED) / 0x80072ee2 (WININET_E_TIMEOUT) or 0x801c001f (DSREG_AUTOJOIN_DISC_WAIT_TIMEOUT)');
  });

  it('the HTML and Markdown reports show the alternative after "or" and explain it', () => {
    const report = evaluate(withNetwork(network([PROXY], [failed(1, K.discover, TIMEOUT)])), [registered('drs-discovery')]);
    const html = renderHtml(report, { lookupCode });
    expect(html).toMatch(/0x80072ee2<\/code><\/a> <small>WININET_E_TIMEOUT<\/small> <em>or<\/em> <a href="#code-0x801c001f"/);
    expect(html).toContain('id="code-0x801c001f"');
    const md = renderMarkdown(report, { lookupCode });
    expect(md).toContain('`0x80072ee2` WININET\\_E\\_TIMEOUT or `0x801c001f`');
  });

  it('ignores malformed alternatives from a reloaded bundle', () => {
    const f = { codes: ['0x801c0021'], evidence: { alternativeCodes: [['<script>'], 'x', [42, '0x801c001f']] } };
    expect(alternativeCodes(f as never)).toEqual([['0x801c001f']]);
  });
});

describe('2. 407 judged by the offered schemes', () => {
  it('parses schemes from one or several Proxy-Authenticate headers, case-insensitively', () => {
    expect(challengeSchemes('Negotiate, NTLM')).toEqual(['negotiate', 'ntlm']);
    expect(challengeSchemes('NEGOTIATE YIIabc==, ntlm')).toEqual(['negotiate', 'ntlm']);
    expect(challengeSchemes('Digest realm="a, b", nonce="x", qop="auth", Basic realm="y"')).toEqual(['digest', 'basic']);
    expect(challengeSchemes('Basic realm="haadj-lab"')).toEqual(['basic']);
    expect(challengeSchemes('Kerberos')).toEqual(['kerberos']);
    expect(challengeSchemes(undefined)).toEqual([]);
    expect(challengeSchemes('realm="only-params"')).toEqual([]);
  });

  it('Negotiate/NTLM offered: warn (works only if the proxy accepts the computer account)', () => {
    const a = withNetwork(network([PROXY], [failed(1, K.drs, PROXY_STATUS, challenge('Negotiate, NTLM')), failed(1, K.discover, PROXY_STATUS, challenge('Negotiate, NTLM'))]));
    const [r] = byId('proxy-auth').run(a);
    expect(r).toMatchObject({ status: 'warn', codes: ['0x801c0021', '0x80190197'], evidence: { schemes: ['negotiate', 'ntlm'], source: 'field' } });
    expect(r?.message).toMatch(/computer account/);
    expect(byId('endpoint-reachable').run(a)[0]?.status).toBe('warn');
    expect(byId('drs-discovery').run(a)[0]?.status).toBe('warn');
    expect(classifyTransport(probeFacts(failed(1, 'k', PROXY_STATUS, challenge('Basic realm="x", NTLM')))).kind).toBe('proxy-auth-machine');
  });

  it('Basic or Digest only, or no scheme: fail (SYSTEM has no password)', () => {
    for (const value of ['Basic realm="x"', 'Digest realm="x", nonce="n"', '']) {
      const a = withNetwork(network([PROXY], [failed(1, K.drs, PROXY_STATUS, challenge(value))]));
      const [r] = byId('proxy-auth').run(a);
      expect(r, value).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x80190197'], evidence: { source: 'field' } });
      expect(byId('endpoint-reachable').run(a)[0]?.status, value).toBe('fail');
    }
  });

  it('keeps 0x80190197 marked as field knowledge', () => {
    expect(lookupCode('0x80190197')?.source).toBe('field');
    expect(codeBasis(['0x801c0021', '0x80190197']).source).toBe('field');
  });
});

describe('3. clock skew maps to token errors in the auth phase', () => {
  it('minutes of skew: 0xcaa82f8f, never the TLS sub-code', () => {
    const p = skewPrediction(600, true);
    expect(p.codes).toEqual(['0xcaa82f8f']);
    expect(JSON.stringify(p)).not.toContain('0x80072f8f');
    expect(p.evidence).toMatchObject({ source: 'microsoft', phase: 'auth' });
  });

  it('hours of skew: the TLS form is offered as an inferred alternative', () => {
    const p = skewPrediction(7200, true);
    expect(p.codes).toEqual(['0xcaa82f8f']);
    expect(p.evidence).toMatchObject({ source: 'inferred', alternativeCodes: [['0x801c0021', '0x80072f8f']] });
  });

  it('the TLS link starts at half an hour, so an hour measured with jitter is stable', () => {
    expect(skewPrediction(1799, true).evidence['alternativeCodes']).toBeUndefined();
    expect(skewPrediction(3599, true).evidence['alternativeCodes']).toEqual([['0x801c0021', '0x80072f8f']]);
  });

  it('a managed domain (no federated auth phase): no code for minutes, the inferred TLS form for hours', () => {
    expect(skewPrediction(600, false).codes).toEqual([]);
    expect(skewPrediction(7200, false)).toMatchObject({ codes: ['0x801c0021', '0x80072f8f'], evidence: { source: 'inferred' } });
  });

  it('clock-skew-http fails a 10-minute skew with 0xcaa82f8f, and reads the realm', () => {
    const skewed = (key: string) => ok(0, key, body(200, 'application/json', '{}', {}));
    const at = (date: string) => probeArtifact({ ...probeFacts(skewed(K.drs)), response: { ...(probeFacts(skewed(K.drs)).response as NonNullable<ProbeFacts['response']>), date } });
    const federated = ok(0, K.realm, body(200, 'application/json', '{}', { account_type: 'Federated' }));
    const managed = ok(0, K.realm, body(200, 'application/json', '{}', { account_type: 'Managed' }));
    const run = (realm: ProbeArtifact) => byId('clock-skew-http').run(withNetwork(network([DIRECT], [at('Wed, 25 Nov 2026 08:10:00 GMT'), realm])))[0];
    expect(run(federated)).toMatchObject({ status: 'fail', codes: ['0xcaa82f8f'] });
    expect(run(managed)).toMatchObject({ status: 'fail', codes: [] });
  });
});

describe('4. wrong azureADId with a valid azureADName', () => {
  const openid = ok(0, K.openid, body(200, 'application/json', '{}', { issuer: `https://sts.windows.net/${OTHER}/` }));

  it('an SCP id the name does not resolve to predicts 0x801c03f2 at join, inferred', () => {
    const net = network([DIRECT], [openid], ['contoso.com'], { tenants: [{ name: 'contoso.com', source: 'scp:contoso.test' }] });
    const [r] = byId('tenant-resolution').run(withNetwork(net, [scpForest('contoso.test', TID)]));
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c03f2'], evidence: { source: 'inferred', phase: 'join' } });
    expect(r?.message).toMatch(/AADSTS90002/);
    expect(String((r?.evidence as Record<string, unknown>)['expectedServerMessage'])).toContain(TID);
  });

  it('a mismatch with tenant.id from the config fails without a device code', () => {
    const [r] = byId('tenant-resolution').run(withNetwork(network([DIRECT], [openid])));
    expect(r).toMatchObject({ status: 'fail' });
    expect(r?.codes ?? []).toEqual([]);
  });
});

describe('5. user realm Unknown', () => {
  it('predicts the discovery failure 0x801c0021/0x801c003a, inferred, not 0x801c003d', () => {
    const a = withNetwork(network([DIRECT], [ok(0, K.realm, body(200, 'application/json', '{}', { account_type: 'Unknown' }))]));
    const [r] = byId('user-realm').run(a);
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x801c003a'], evidence: { source: 'inferred' } });
    expect(r?.codes).not.toContain('0x801c003d');
    expect(String((r?.evidence as Record<string, unknown>)['basis'])).toMatch(/Inferred/);
  });
});

describe('6. HTML sign-in page (200) vs HTML error page', () => {
  it('classifies a 200 HTML page as E_INVALIDDATA and an HTML error page by its status', () => {
    const discover = { role: 'drs-discover' as const };
    expect(classifyResponse(discover, probeFacts(ok(0, 'k', body(200, 'text/html', '<html>'))))).toMatchObject({ kind: 'html', sub: '0x8007000d' });
    const blocked = classifyResponse(discover, probeFacts(ok(0, 'k', body(403, 'text/html', '<html><h1>Blocked</h1>'))));
    expect(blocked.kind).toBe('html-error');
    expect(blocked.sub).toBeUndefined();
    expect(blocked.detail).toMatch(/HTTP 403/);
  });

  it('proxy-html-response and drs-discovery do not predict 0x8007000d for an error page', () => {
    const a = withNetwork(network([DIRECT], [ok(0, K.discover, body(502, 'text/html', '<!DOCTYPE html><title>Bad gateway</title>'))]));
    for (const id of ['proxy-html-response', 'drs-discovery']) {
      const [r] = byId(id).run(a);
      expect(r, id).toMatchObject({ status: 'fail', codes: ['0x801c0021'] });
      expect(r?.message, id).toMatch(/502/);
      expect(r?.codes, id).not.toContain('0x8007000d');
    }
    const realm = withNetwork(network([DIRECT], [ok(0, K.realm, body(403, 'text/html', '<html>Blocked</html>'))]));
    expect(byId('user-realm').run(realm)[0]).toMatchObject({ status: 'fail', codes: ['0x801c003d'] });
    const signIn = withNetwork(network([DIRECT], [ok(0, K.discover, body(200, 'text/html', '<html><form>Sign in</form>'))]));
    expect(byId('proxy-html-response').run(signIn)[0]).toMatchObject({ status: 'fail', codes: ['0x801c0021', '0x8007000d'], evidence: { source: 'microsoft' } });
  });
});

describe('8. certauth endpoints', () => {
  it('are planned per cloud (only for their certificate)', () => {
    const hosts = (cloud: 'AzureCloud' | 'USGovernment' | 'AzureChinaCloud') => planRequests(cloud, false, []).filter((r) => r.role === 'certauth').map((r) => r.host);
    expect(hosts('AzureCloud')).toEqual(['certauth.enterpriseregistration.windows.net']);
    expect(hosts('USGovernment')).toEqual(['certauth.enterpriseregistration.windows.net', 'certauth.enterpriseregistration.microsoftonline.us']);
    expect(hosts('AzureChinaCloud')).toEqual(['certauth.enterpriseregistration.partner.microsoftonline.cn']);
    expect(endpointKind('AzureCloud', 'certauth.enterpriseregistration.windows.net')).toBe('certauth');
  });

  it('tls-interception fails a re-signed certauth certificate; the reachability checks leave it alone', () => {
    const key = 'certauth:certauth.enterpriseregistration.windows.net';
    const inspected = ok(0, key, { tls: { protocol: 'TLSv1.3', authorized: false, authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN', chain: [{ subject: 'CN=certauth', issuer: 'CN=Contoso Inspection CA', validFrom: '', validTo: '' }] } });
    const a = withNetwork(network([DIRECT], [inspected]));
    const [r] = byId('tls-interception').run(a);
    expect(r).toMatchObject({ status: 'fail', endpoint: 'https://certauth.enterpriseregistration.windows.net/', codes: ['0x80072f8f'], evidence: { source: 'inferred' } });
    expect(r?.message).toMatch(/client-certificate/);
    // No finding of theirs is about the certauth host (with nothing else probed, the engine says they observed nothing).
    for (const id of ['endpoint-reachable', 'tls-verify', 'tls-version', 'clock-skew-http']) {
      expect(byId(id).run(a), id).toEqual([{ status: 'error', message: 'The check found nothing to judge in the gathered evidence.' }]);
    }
  });
});

describe('9. every prediction is listed, catalogued and sourced', () => {
  const scenarios = [
    network([PROXY], [failed(1, K.drs, TIMEOUT), failed(1, K.login, TIMEOUT), failed(1, K.discover, TIMEOUT), failed(1, K.realm, TIMEOUT)]),
    network([PROXY], [failed(1, K.drs, PROXY_STATUS, challenge('Negotiate')), failed(1, K.login, PROXY_STATUS, challenge('Basic realm="x"')), failed(1, K.discover, PROXY_STATUS, challenge('NTLM'))]),
    network([DIRECT], [failed(0, K.drs, { stage: 'dns', code: 'ENOTFOUND', message: 'nx' }), failed(0, K.device, { stage: 'connect', code: 'ECONNREFUSED', message: 'refused' })]),
    network([DIRECT], [ok(0, K.discover, body(502, 'text/html', '<html>')), ok(0, K.openid, body(400, 'application/json', 'AADSTS90002', {})), ok(0, K.realm, body(200, 'application/json', '{}', { account_type: 'Unknown' }))]),
    withNetwork(network([DIRECT], [ok(0, K.openid, body(200, 'application/json', '{}', { issuer: `https://sts.windows.net/${OTHER}/` }))], ['contoso.com'], { tenants: [{ name: 'contoso.com', source: 'scp:x' }] }), [scpForest('x', TID)]),
    network([DIRECT], [probeArtifact({ ...probeFacts(ok(0, K.drs)), response: { ...(probeFacts(ok(0, K.drs)).response as NonNullable<ProbeFacts['response']>), date: 'Thu, 26 Nov 2026 08:00:00 GMT' } })]),
  ];
  const results: Array<[Check, CheckResult]> = scenarios.flatMap((s) => NETWORK_CHECKS.flatMap((c) => runCheck(c, 'schemaVersion' in s ? s : withNetwork(s)).map((r): [Check, CheckResult] => [c, r])));

  it('codes and alternatives are in meta.codes and in the catalog', () => {
    let predicted = 0;
    for (const [check, r] of results) {
      const alts = (r.evidence?.['alternativeCodes'] as string[][] | undefined) ?? [];
      for (const code of [...(r.codes ?? []), ...alts.flat()]) {
        predicted++;
        expect(check.meta.codes, `${check.meta.id} ${code}`).toContain(code);
        expect(lookupCode(code), code).toBeDefined();
      }
    }
    expect(predicted).toBeGreaterThan(30);
  });

  it('every finding with codes says how sure it is; inference and field knowledge give a reason', () => {
    for (const [check, r] of results) {
      if (!r.codes || r.codes.length === 0) continue;
      const e = r.evidence ?? {};
      expect(['microsoft', 'field', 'inferred'], `${check.meta.id} ${r.codes.join('/')}`).toContain(e['source']);
      if (e['source'] !== 'microsoft') expect(typeof e['basis'], `${check.meta.id} ${r.codes.join('/')}`).toBe('string');
    }
  });

  it('a discovery sub-code Microsoft lists only at join is marked inferred', () => {
    expect(codeBasis(['0x801c0021', '0x80072ee7']).source).toBe('inferred');
    expect(codeBasis(['0x801c0021', '0x80072efd']).source).toBe('microsoft');
    expect(codeBasis(['0x801c003d', '0x80072efd']).source).toBe('inferred');
  });
});
