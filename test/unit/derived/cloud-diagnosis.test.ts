import { describe, expect, it } from 'vitest';
import { cloudLookupKey, diagnoseCloud } from '../../../src/derived/cloud-diagnosis.js';
import { device } from '../../support/cloud-build.js';

const ID = '7d1c0000-0000-4000-8000-00000000000a';
const joined = { joinState: 'hybrid-joined' as const, deviceId: ID.toUpperCase(), deviceName: 'WS1.contoso.com' };
const notJoined = { joinState: 'domain-joined' as const, deviceId: null, deviceName: 'WS1.contoso.com' };
const ok = <T>(value: T) => ({ ok: true as const, value });

describe('diagnoseCloud (local/cloud mismatch)', () => {
  it('chooses the DeviceId for a joined device, the host name otherwise, and nothing unsafe', () => {
    expect(cloudLookupKey(joined)).toEqual({ by: 'device-id', key: ID });
    expect(cloudLookupKey(notJoined)).toEqual({ by: 'name', key: 'WS1' });
    expect(cloudLookupKey({ joinState: 'domain-joined', deviceId: null, deviceName: "x' or 1 eq 1" })).toBeNull();
  });

  it('local YES, cloud agrees: no problem', () => {
    const d = diagnoseCloud(joined, { key: cloudLookupKey(joined), devices: ok([device({ deviceId: ID, displayName: 'WS1' })]) });
    expect(d).toMatchObject({ lookup: 'device-id', problem: false });
    expect(d.text).toMatch(/Entra ID agrees/);
  });

  it('local YES, cloud object missing: deleted (AADSTS50155), leave and rejoin', () => {
    const d = diagnoseCloud(joined, { key: cloudLookupKey(joined), devices: ok([]) });
    expect(d.problem).toBe(true);
    expect(d.text).toMatch(/no device object with that id.*AADSTS50155.*dsregcmd \/leave/);
  });

  it('local YES, cloud disabled or pending: a mismatch', () => {
    const off = diagnoseCloud(joined, { key: cloudLookupKey(joined), devices: ok([device({ deviceId: ID, accountEnabled: false })]) });
    expect(off).toMatchObject({ problem: true, text: expect.stringMatching(/disabled.*AADSTS50155/) });
    const pending = diagnoseCloud(joined, { key: cloudLookupKey(joined), devices: ok([device({ deviceId: ID, alternativeSecurityIds: [] })]) });
    expect(pending).toMatchObject({ problem: true, text: expect.stringMatching(/Pending/) });
    expect(pending.devices[0]).toMatchObject({ deviceId: ID, x509: false });
  });

  it('local NO: cloud Pending is the expected state, absent means not synced, both no problem', () => {
    const pending = diagnoseCloud(notJoined, { key: cloudLookupKey(notJoined), devices: ok([device({ displayName: 'WS1', alternativeSecurityIds: [] })]) });
    expect(pending).toMatchObject({ lookup: 'name', problem: false, text: expect.stringMatching(/Pending/) });
    const absent = diagnoseCloud(notJoined, { key: cloudLookupKey(notJoined), devices: ok([]) });
    expect(absent).toMatchObject({ problem: false, text: expect.stringMatching(/not synced yet.*0x801c03f2/) });
  });

  it('a failed read is not observed, never "missing"', () => {
    const d = diagnoseCloud(joined, { key: cloudLookupKey(joined), devices: { ok: false, failure: { stage: 'http', code: 'HTTP_403', message: 'denied' } } });
    expect(d).toMatchObject({ problem: null, text: expect.stringContaining('could not be read: denied') });
  });
});
