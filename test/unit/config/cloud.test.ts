import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';

const CLIENT = '11111111-2222-3333-4444-555555555555';
const tenant = { id: '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b' };

describe('cloud as an object (the Entra ID half)', () => {
  it('keeps the short string form: no Graph half', () => {
    const s = validateConfig({ cloud: 'USGovernment' });
    expect(s.cloud).toBe('USGovernment');
    expect(s.graph).toBeUndefined();
  });

  it('fills in the endpoints of the environment and the defaults', () => {
    const s = validateConfig({ tenant, cloud: { environment: 'AzureChinaCloud', clientId: CLIENT.toUpperCase(), clientSecretEnv: 'GRAPH_SECRET' } }, { baseDir: '/etc/p' });
    expect(s.cloud).toBe('AzureChinaCloud');
    expect(s.graph).toEqual({
      clientId: CLIENT,
      credential: { kind: 'client-secret', secretEnv: 'GRAPH_SECRET' },
      authority: 'https://login.chinacloudapi.cn',
      graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
      timeoutMs: 30_000,
      maxPages: 1000,
      maxRetries: 4,
      maxRetryAfterSeconds: 60,
    });
    expect(validateConfig({ tenant, cloud: { clientId: CLIENT, deviceCode: true } }).cloud).toBe('AzureCloud');
  });

  it('resolves certificate files against the config folder and takes a configured authority', () => {
    const s = validateConfig({ tenant, cloud: { clientId: CLIENT, certificateFile: 'app.pem', certificateKeyFile: '/k/app.key', authority: 'https://127.0.0.1:8443/', graphEndpoint: 'https://127.0.0.1:8443', caFile: 'ca.pem' } }, { baseDir: '/etc/p' });
    expect(s.graph).toMatchObject({
      credential: { kind: 'certificate', certificateFile: '/etc/p/app.pem', keyFile: '/k/app.key' },
      authority: 'https://127.0.0.1:8443',
      caFile: '/etc/p/ca.pem',
    });
  });

  it.each([
    [{ cloud: { clientSecretEnv: 'X' } }, 'cloud.clientId'],
    [{ cloud: { clientId: 'nope', clientSecretEnv: 'X' } }, 'cloud.clientId'],
    [{ cloud: { clientId: CLIENT } }, 'cloud'],
    [{ cloud: { clientId: CLIENT, clientSecretEnv: 'X', deviceCode: true } }, 'cloud'],
    [{ cloud: { clientId: CLIENT, clientSecret: 'inline' } }, 'cloud.clientSecret'],
    [{ cloud: { clientId: CLIENT, certificateFile: 'a.pem' } }, 'cloud'],
    [{ cloud: { clientId: CLIENT, clientSecretEnv: 'X', authority: 'http://login.example' } }, 'cloud.authority'],
    [{ cloud: { clientId: CLIENT, clientSecretEnv: 'X', graphEndpoint: 'https://graph.example/v1.0' } }, 'cloud.graphEndpoint'],
    [{ cloud: { clientId: CLIENT, clientSecretEnv: 'X', environment: 'Mars' } }, 'cloud.environment'],
    [{ cloud: 'Mars' }, 'cloud'],
    [{ cloud: 42 }, 'cloud'],
  ])('names the key in the error for %j', (raw, key) => {
    expect(() => validateConfig({ tenant, ...raw })).toThrow(`config: ${key}:`);
  });

  it('needs tenant.id with the object form', () => {
    expect(() => validateConfig({ cloud: { clientId: CLIENT, clientSecretEnv: 'X' } })).toThrow('config: tenant.id: is required with the cloud object');
  });

  it('words the credential choice', () => {
    expect(() => validateConfig({ tenant, cloud: { clientId: CLIENT } })).toThrow(/one of clientSecretEnv, certificateFile/);
  });
});
