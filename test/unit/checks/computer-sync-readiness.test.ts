import { describe, expect, it } from 'vitest';
import type { ComputerRecord, InventoryArtifact } from '../../../src/artifacts/inventory.js';
import { CHECKS } from '../../../src/checks/index.js';
import { runCheck } from '../../../src/engine/run.js';
import { artifacts, dc, forest } from './build.js';

const AT = '2026-11-25T08:00:00.000Z';
const NOW = Date.parse(AT);
const DAY = 86_400_000;
const GUID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const fileTime = (ms: number) => String((BigInt(ms) + 11_644_473_600_000n) * 10_000n);
const check = CHECKS.find((c) => c.meta.id === 'computer-sync-readiness')!;

function pc(name: string, ou: string, over: Partial<ComputerRecord> = {}): ComputerRecord {
  return {
    dn: `CN=${name},OU=${ou},DC=contoso,DC=test`, name, objectGuid: GUID, operatingSystem: 'Windows 11 Enterprise', operatingSystemVersion: '10.0 (22631)', userAccountControl: 0x1000,
    lastLogonTimestamp: fileTime(NOW - DAY), certificateCount: 1,
    certificates: [{ subject: `CN=${GUID}`, notBefore: new Date(NOW - DAY).toISOString(), notAfter: new Date(NOW + 300 * DAY).toISOString() }], ...over,
  };
}

function withInventory(computers: ComputerRecord[], over: Partial<InventoryArtifact> = {}) {
  const f = forest('contoso.test', [dc('dc1.contoso.test')]);
  f.inventory = { collectedAt: AT, staleDays: 90, syncScope: { include: ['OU=Sync,DC=contoso,DC=test'], exclude: [] }, domains: [{ nc: 'DC=contoso,DC=test', dnsRoot: 'contoso.test', count: computers.length, pages: 1, complete: true, durationMs: 1 }], computers, ...over };
  return artifacts([f]);
}

describe('computer-sync-readiness', () => {
  it('skips a forest without an inventory', () => {
    expect(runCheck(check, artifacts([forest('contoso.test', [dc('dc1')])]))[0]?.status).toBe('skip');
  });
  it('passes when every counted computer is ready; disabled ones are listed apart', () => {
    const [r] = runCheck(check, withInventory([pc('A', 'Sync'), pc('B', 'Sync', { userAccountControl: 0x1002 })]));
    expect(r).toMatchObject({ status: 'pass', forest: 'contoso.test' });
    expect(r?.message).toContain('1 of 1 computer(s) ready');
  });
  it('fails with 0x801c03f2 naming the OU outside the sync scope and its count', () => {
    const [r] = runCheck(check, withInventory([pc('A', 'Sync'), pc('B', 'Elsewhere'), pc('C', 'Elsewhere')]));
    expect(r).toMatchObject({ status: 'fail', codes: ['0x801c03f2'] });
    expect(r?.message).toContain('outside the sync scope: OU=Elsewhere,DC=contoso,DC=test (2)');
    expect(r?.evidence).toMatchObject({ byVerdict: { ready: 1, blocked: 2 }, byReason: { 'out-of-sync-scope': 2 } });
  });
  it('judges validity against the inventory clock, not today', () => {
    const [r] = runCheck(check, withInventory([pc('A', 'Sync', { certificates: [{ subject: `CN=${GUID}`, notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2026-11-26T00:00:00.000Z' }] })]));
    expect(r?.status).toBe('pass');
  });
  it('a down-level OS blocks without a code; a device without a certificate warns', () => {
    expect(runCheck(check, withInventory([pc('W7', 'Sync', { operatingSystem: 'Windows 7 Professional', operatingSystemVersion: '6.1 (7601)' })]))[0]).toMatchObject({ status: 'fail', codes: [] });
    expect(runCheck(check, withInventory([pc('N', 'Sync', { certificateCount: 0, certificates: [] })]))[0]?.status).toBe('warn');
  });
  it('a domain that could not be read is an error, never a pass', () => {
    const [r] = runCheck(check, withInventory([pc('A', 'Sync')], { domains: [{ nc: 'DC=contoso,DC=test', count: 1, pages: 1, complete: false, durationMs: 1, error: { stage: 'search', code: 'ETIMEDOUT', message: 'timed out' } }] }));
    expect(r?.status).toBe('error');
    expect(runCheck(check, withInventory([], { error: { stage: 'connect', code: 'noDc', message: 'no DC answered' }, domains: [] }))[0]?.status).toBe('error');
  });
});
