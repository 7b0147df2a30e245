import { describe, expect, it } from 'vitest';
import { device } from '../../support/cloud-build.js';
import { cloudStatusFor, indexCloud, normalizeGuid, orphanDevices, summarizeCloud } from '../../../src/derived/cloud.js';

describe('cloudStatusFor', () => {
  it('joined: ServerAd with an X509 alternative security id, enabled, managed and compliant', () => {
    const d = device();
    const s = cloudStatusFor(indexCloud([d]), d.deviceId as string);
    expect(s).toMatchObject({ state: 'joined', dualState: false, duplicates: 0, deviceIds: [d.deviceId], codes: [] });
  });

  it('compares GUIDs case-insensitively and without braces', () => {
    const d = device({ deviceId: 'ABCDEF01-2345-4678-9ABC-DEF012345678' });
    expect(cloudStatusFor(indexCloud([d]), '{abcdef01-2345-4678-9abc-def012345678}')?.state).toBe('joined');
    expect(normalizeGuid(' {AB} ')).toBe('ab');
  });

  it('null when no device object carries the objectGUID (never a state from absent evidence)', () => {
    expect(cloudStatusFor(indexCloud([device()]), '11111111-1111-4111-8111-111111111111')).toBeNull();
  });

  it('pending: ServerAd without an X509 key (none, or a key of another kind)', () => {
    const a = device({ alternativeSecurityIds: [] });
    const b = device({ alternativeSecurityIds: [{ type: 2, x509: false }] });
    const index = indexCloud([a, b]);
    expect(cloudStatusFor(index, a.deviceId as string)?.state).toBe('pending');
    expect(cloudStatusFor(index, b.deviceId as string)?.detail).toMatch(/Pending/);
  });

  it('disabled wins over pending and names AADSTS50155', () => {
    const d = device({ accountEnabled: false, alternativeSecurityIds: [] });
    const s = cloudStatusFor(indexCloud([d]), d.deviceId as string);
    expect(s?.state).toBe('disabled');
    expect(s?.detail).toContain('AADSTS50155');
  });

  it('not-compliant: joined but isCompliant or isManaged false; unknown (null) is not judged a mismatch', () => {
    const a = device({ isCompliant: false });
    const b = device({ isManaged: false });
    const c = device({ isCompliant: null, isManaged: null });
    const index = indexCloud([a, b, c]);
    expect(cloudStatusFor(index, a.deviceId as string)).toMatchObject({ state: 'not-compliant' });
    expect(cloudStatusFor(index, b.deviceId as string)?.detail).toMatch(/not managed.*Conditional Access.*inferred/);
    expect(cloudStatusFor(index, c.deviceId as string)?.state).toBe('joined');
  });

  it('dual state: the same machine also has a Workplace (registered) object of its name', () => {
    const hybrid = device({ displayName: 'PC-DUAL' });
    const registered = device({ displayName: 'pc-dual', trustType: 'Workplace', alternativeSecurityIds: [{ type: 2, x509: true }] });
    const s = cloudStatusFor(indexCloud([hybrid, registered]), hybrid.deviceId as string);
    expect(s).toMatchObject({ state: 'joined', dualState: true, duplicates: 0 });
    expect(s?.deviceIds).toEqual([hybrid.deviceId, registered.deviceId].sort());
  });

  it('duplicates: other hybrid objects of the same name or the same deviceId', () => {
    const a = device({ displayName: 'PC-DUP' });
    const stale = device({ displayName: 'PC-DUP', alternativeSecurityIds: [] });
    const twin = device({ displayName: 'PC-DUP', deviceId: a.deviceId });
    const s = cloudStatusFor(indexCloud([a, stale, twin]), a.deviceId as string);
    expect(s?.duplicates).toBe(2);
    expect(s?.detail).toMatch(/2 more hybrid device object/);
  });

  it('registered-only: the deviceId belongs to a Workplace or AzureAd object', () => {
    const d = device({ trustType: 'Workplace' });
    expect(cloudStatusFor(indexCloud([d]), d.deviceId as string)?.state).toBe('registered-only');
  });
});

describe('orphanDevices', () => {
  it('lists hybrid objects whose deviceId is no objectGUID of the inventory, never registered ones', () => {
    const kept = device({ deviceId: 'AAAAAAAA-0000-4000-8000-000000000001' });
    const gone = device();
    const registered = device({ trustType: 'Workplace' });
    const out = orphanDevices(indexCloud([kept, gone, registered]), new Set(['{aaaaaaaa-0000-4000-8000-000000000001}']));
    expect(out.map((d) => d.id)).toEqual([gone.id]);
  });
});

describe('summarizeCloud', () => {
  it('counts hybrid objects by state, dual state and duplicate groups', () => {
    const s = summarizeCloud(indexCloud([
      device({ displayName: 'A' }),
      device({ displayName: 'B', alternativeSecurityIds: [] }),
      device({ displayName: 'C', accountEnabled: false }),
      device({ displayName: 'D', isCompliant: false }),
      device({ displayName: 'D', trustType: 'Workplace' }),
      device({ displayName: 'E' }),
      device({ displayName: 'E', alternativeSecurityIds: [] }),
    ]));
    expect(s.hybrid).toBe(6);
    expect(Object.fromEntries(Object.entries(s.byState).map(([k, v]) => [k, v.length]))).toEqual({ joined: 2, pending: 2, disabled: 1, 'not-compliant': 1, 'registered-only': 0 });
    expect(s.dualState.map((d) => d.displayName)).toEqual(['D']);
    expect(s.duplicateGroups.map((g) => g.length)).toEqual([2]);
  });
});
