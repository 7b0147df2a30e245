import { describe, expect, it } from 'vitest';
import { reduceAltSecId, retryAfterSeconds, toCloudDevice } from '../../../src/gather/cloud/graph.js';
import { tokenFailure } from '../../../src/gather/cloud/msal.js';
import { CloudHttpError } from '../../../src/gather/cloud/http.js';
import type { GraphSettings } from '../../../src/config/cloud.js';

const key = (text: string) => Buffer.from(text, 'utf16le').toString('base64');

describe('Graph value handling', () => {
  it('reads Retry-After as seconds or as an HTTP date, and nothing else', () => {
    expect(retryAfterSeconds('7')).toBe(7);
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(30);
    expect(retryAfterSeconds('soon')).toBeNull();
    expect(retryAfterSeconds(undefined)).toBeNull();
  });

  it('keeps of an alternative security id only its type and whether the key is an X509: value', () => {
    expect(reduceAltSecId({ type: 2, identityProvider: null, key: key('X509:<SHA1-TP-PUBKEY>ABCDEF0123') })).toEqual({ type: 2, x509: true });
    expect(reduceAltSecId({ type: 2, key: key('OTHER:1234') })).toEqual({ type: 2, x509: false });
    expect(reduceAltSecId('junk')).toEqual({ type: null, x509: false });
  });

  it('bounds untrusted strings and drops objects without an id', () => {
    const d = toCloudDevice({ id: 'x', displayName: 'A'.repeat(1000), accountEnabled: 'yes', alternativeSecurityIds: [{ type: 2, key: key('X509:abc') }] });
    expect(d?.displayName).toHaveLength(256);
    expect(d?.accountEnabled).toBeNull();
    expect(JSON.stringify(d)).not.toContain(key('X509:abc'));
    expect(toCloudDevice({ displayName: 'no id' })).toBeNull();
  });
});

describe('tokenFailure', () => {
  const req = { graph: { clientId: 'c1', authority: 'https://login.example' } as GraphSettings, tenantId: 't1' };

  it('names the app, the tenant and the AADSTS cause in one line, without the service\'s trace text', () => {
    const f = tokenFailure({ errorCode: 'invalid_client', errorMessage: "AADSTS7000215: Invalid client secret provided.\r\nTrace ID: abc\r\nCorrelation ID: def" }, req);
    expect(f).toMatchObject({ stage: 'auth', code: 'AADSTS7000215' });
    expect(f.message).toBe('sign-in of app c1 to tenant t1 at https://login.example failed: AADSTS7000215 invalid client secret: the secret is wrong, or it is the secret\'s id instead of its value');
  });

  it('keeps the transport stage of a network failure', () => {
    expect(tokenFailure(new CloudHttpError('tls', 'SELF_SIGNED_CERT_IN_CHAIN', 'login.example: TLS verification failed'), req)).toMatchObject({ stage: 'tls', code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });

  it('escapes an unknown message from the service', () => {
    const f = tokenFailure({ errorCode: 'weird', errorMessage: 'bad\u001b[31m text' }, req);
    expect(f.message).not.toContain('\u001b');
  });
});
