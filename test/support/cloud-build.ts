/** Builders for cloud artifacts in unit tests (pure data). */
import type { CloudArtifact, CloudDevice } from '../../src/artifacts/cloud.js';

let n = 0;
export function device(over: Partial<CloudDevice> = {}): CloudDevice {
  n++;
  return {
    id: `obj-${n}`,
    deviceId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    displayName: `PC${n}`,
    accountEnabled: true,
    trustType: 'ServerAd',
    alternativeSecurityIds: [{ type: 2, x509: true }],
    isManaged: true,
    isCompliant: true,
    approximateLastSignInDateTime: '2026-11-30T08:00:00Z',
    registrationDateTime: '2026-01-01T00:00:00Z',
    operatingSystem: 'Windows',
    operatingSystemVersion: '10.0.22631',
    profileType: null,
    onPremisesSyncEnabled: true,
    ...over,
  };
}

export function cloudArtifact(devices: CloudDevice[] | CloudArtifact['devices'], over: Partial<CloudArtifact> = {}): CloudArtifact {
  return {
    tenantId: '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b',
    authority: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
    credential: 'client-secret',
    clientId: '3c1f0e2d-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
    auth: { ok: true, value: { durationMs: 5 } },
    devices: Array.isArray(devices) ? { ok: true, value: devices } : devices,
    drsServicePrincipal: { ok: true, value: { found: true, id: 'sp-1', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', displayName: 'Device Registration Service', accountEnabled: true } },
    notes: { pages: 1, retries: [], truncated: false },
    durationMs: 20,
    ...over,
  };
}
