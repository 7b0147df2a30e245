/**
 * The cloud gatherer against the Graph stand-in (HTTPS on 127.0.0.1 with its lab CA): MSAL signs in
 * through the configured authority (secret and certificate), the devices are paged, a 429 is retried
 * after its Retry-After, a wrong secret is one failure that names the app and the cause, a foreign
 * nextLink is not followed, and no secret, key or token ends up in the artifact.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import type { GraphSettings } from '../../src/config/cloud.js';
import { gatherCloud, lookupCloudDevice, prepareCloud } from '../../src/gather/cloud/index.js';
import { LAB_CLIENT_ID, LAB_TENANT_ID, startGraphStandIn, type GraphStandIn, type LabDevice } from '../lab/graph/server.js';

const TENANT = LAB_TENANT_ID;
const CLIENT = LAB_CLIENT_ID;
const SECRET = 'Zq8~Distinctive.Lab-Secret_0042';
const DEVICES: LabDevice[] = [
  { deviceId: '0f3c1e9a-8b2d-4c1e-9f00-000000000001', displayName: 'PC-JOINED', x509: true },
  { deviceId: '0f3c1e9a-8b2d-4c1e-9f00-000000000002', displayName: 'PC-PENDING', x509: false },
  { deviceId: '0f3c1e9a-8b2d-4c1e-9f00-000000000003', displayName: 'PC-DISABLED', x509: true, accountEnabled: false },
  { deviceId: '0f3c1e9a-8b2d-4c1e-9f00-000000000004', displayName: 'PC-NOTCOMPLIANT', x509: true, isCompliant: false, isManaged: false },
  { deviceId: '0f3c1e9a-8b2d-4c1e-9f00-000000000005', displayName: 'PC-REGISTERED', trustType: 'Workplace', x509: 'other' },
];

let lab: GraphStandIn;
beforeAll(async () => {
  lab = await startGraphStandIn({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, devices: DEVICES });
});
afterAll(async () => {
  await lab?.stop();
});

function graph(extra: Record<string, unknown> = {}): GraphSettings {
  const s = validateConfig({ tenant: { id: TENANT }, cloud: { clientId: CLIENT, clientSecretEnv: 'LAB_GRAPH_SECRET', authority: lab.origin, graphEndpoint: lab.origin, caFile: lab.caFile, timeoutMs: 5000, ...extra } });
  return s.graph as GraphSettings;
}

async function withEnv<T>(value: string, run: () => Promise<T>): Promise<T> {
  process.env['LAB_GRAPH_SECRET'] = value;
  try {
    return await run();
  } finally {
    delete process.env['LAB_GRAPH_SECRET'];
  }
}

describe('cloud gatherer against the Graph stand-in', () => {
  it('signs in with the secret, pages through every device and reads the DRS principal', async () => {
    const artifact = await withEnv(SECRET, async () => gatherCloud(await prepareCloud(graph(), TENANT, false)));
    expect(artifact.auth.ok).toBe(true);
    expect(artifact.devices.ok && artifact.devices.value.map((d) => d.displayName)).toEqual(DEVICES.map((d) => d.displayName));
    expect(artifact.notes.pages).toBeGreaterThanOrEqual(4); // 5 devices, 2 a page, plus the principal's page
    const joined = artifact.devices.ok ? artifact.devices.value[0] : undefined;
    expect(joined?.alternativeSecurityIds).toEqual([{ type: 2, x509: true }]);
    expect(artifact.drsServicePrincipal).toMatchObject({ ok: true, value: { found: true, accountEnabled: true } });
    const text = JSON.stringify(artifact);
    expect(text).not.toContain(SECRET);
    expect(text).not.toMatch(/lab\.[A-Za-z0-9_-]{20,}/); // no token
    expect(text).not.toContain('PHS'); // no raw key material (keys are base64 of UTF-16: 'X509' would read WAA1ADAAOQ)
    expect(text).not.toContain('WAA1ADAAOQ');
    // The token went only to Graph paths; the token endpoint was asked once.
    expect(lab.requests.filter((r) => r.path.includes('/oauth2/v2.0/token'))).toHaveLength(1);
    expect(lab.requests.filter((r) => r.path.startsWith('/v1.0/')).every((r) => r.bearer)).toBe(true);
  });

  it('signs in with a certificate (the stand-in verifies the client assertion\'s signature)', async () => {
    const g = validateConfig({ tenant: { id: TENANT }, cloud: { clientId: CLIENT, certificateFile: lab.appCertFile, certificateKeyFile: lab.appKeyFile, authority: lab.origin, graphEndpoint: lab.origin, caFile: lab.caFile } }).graph as GraphSettings;
    const artifact = await gatherCloud(await prepareCloud(g, TENANT, false));
    expect(artifact.credential).toBe('certificate');
    expect(artifact.auth.ok).toBe(true);
    expect(artifact.devices.ok).toBe(true);
    expect(JSON.stringify(artifact)).not.toContain(readFileSync(lab.appKeyFile, 'utf8').split('\n')[1]);
  });

  it('signs an admin in by device code (the prompt is shown, the token polled for)', async () => {
    const g = validateConfig({ tenant: { id: TENANT }, cloud: { clientId: CLIENT, deviceCode: true, authority: lab.origin, graphEndpoint: lab.origin, caFile: lab.caFile } }).graph as GraphSettings;
    await expect(prepareCloud(g, TENANT, false)).rejects.toThrow(/deviceCode sign-in needs a terminal/);
    const prompts: string[] = [];
    const artifact = await gatherCloud({ ...(await prepareCloud(g, TENANT, true)), prompt: (m) => prompts.push(m) });
    expect(prompts).toEqual([expect.stringContaining('LABCODE42')]);
    expect(artifact, JSON.stringify(artifact.auth)).toMatchObject({ credential: 'device-code', auth: { ok: true }, devices: { ok: true } });
  });

  it('retries a 429 after its Retry-After (1 s)', async () => {
    lab.throttleOnce('/v1.0/devices', '1');
    const t0 = Date.now();
    const artifact = await withEnv(SECRET, async () => gatherCloud(await prepareCloud(graph(), TENANT, false)));
    const elapsed = Date.now() - t0;
    expect(artifact.devices.ok).toBe(true);
    expect(artifact.notes.retries).toHaveLength(1);
    expect(artifact.notes.retries[0]).toMatchObject({ status: 429, retryAfter: '1' });
    expect(artifact.notes.retries[0]?.waitedMs).toBeGreaterThanOrEqual(1000);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const devicePages = lab.requests.filter((r) => r.path.startsWith('/v1.0/devices')).slice(-4);
    expect(devicePages[0]?.status).toBe(429);
    expect((devicePages[1]?.at ?? 0) - (devicePages[0]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('gives up on a Retry-After beyond the cap, as throttled (not as missing devices)', async () => {
    lab.throttleOnce('/v1.0/devices', '120');
    const artifact = await withEnv(SECRET, async () => gatherCloud(await prepareCloud(graph({ maxRetryAfterSeconds: 5 }), TENANT, false)));
    expect(artifact.devices).toMatchObject({ ok: false, failure: { stage: 'throttled', code: 'HTTP_429' } });
  });

  it('a wrong secret is one failure naming the app and AADSTS7000215, without the secret', async () => {
    const wrong = 'Wrong~Secret.Value-7788';
    const artifact = await withEnv(wrong, async () => gatherCloud(await prepareCloud(graph(), TENANT, false)));
    expect(artifact.auth).toMatchObject({ ok: false, failure: { stage: 'auth', code: 'AADSTS7000215' } });
    const message = artifact.auth.ok ? '' : artifact.auth.failure.message;
    expect(message).toContain(CLIENT);
    expect(message).toMatch(/invalid client secret/);
    expect(message).not.toContain('\n');
    expect(JSON.stringify(artifact)).not.toContain(wrong);
    expect(artifact.devices.ok).toBe(false);
  });

  it('does not follow an @odata.nextLink to another origin', async () => {
    lab.foreignNextLinkOnce();
    const artifact = await withEnv(SECRET, async () => gatherCloud(await prepareCloud(graph(), TENANT, false)));
    expect(artifact.devices).toMatchObject({ ok: false, failure: { code: 'FOREIGN_NEXT_LINK' } });
    expect(artifact.notes.refusedNextLink).toContain('graph.elsewhere.invalid');
  });

  it('without the lab CA, TLS verification fails (it is never switched off)', async () => {
    const g = { ...graph() };
    delete g.caFile;
    const artifact = await withEnv(SECRET, async () => gatherCloud(await prepareCloud(g, TENANT, false)));
    expect(artifact.auth, JSON.stringify(artifact.auth)).toMatchObject({ ok: false, failure: { stage: 'tls' } });
    expect(artifact.auth.ok ? '' : artifact.auth.failure.message).toMatch(/TLS verification failed/);
  });

  it('looks one device up by its deviceId ($filter), and refuses a value that is not a GUID', async () => {
    const inputs = await withEnv(SECRET, () => prepareCloud(graph(), TENANT, false));
    const found = await lookupCloudDevice(inputs, '{0F3C1E9A-8B2D-4C1E-9F00-000000000003}');
    expect(found.devices.ok && found.devices.value.map((d) => d.displayName)).toEqual(['PC-DISABLED']);
    expect(decodeURIComponent(lab.requests.at(-1)?.path ?? '')).toContain("$filter=deviceId eq '0f3c1e9a-8b2d-4c1e-9f00-000000000003'");
    const bad = await lookupCloudDevice(inputs, "x' or 1 eq 1");
    expect(bad.devices).toMatchObject({ ok: false, failure: { code: 'NOT_A_GUID' } });
  });
});
