import { beforeAll, describe, expect, inject, it } from 'vitest';
import { discoverUrl, labConfig, one, runCli, type CliResult } from './network-helpers.js';

const lab = inject('networkLab');

const probe = (name: string, id?: string) =>
  runCli('probe', labConfig(lab, { proxies: ['direct'] }, { tenant: id ? { id, name } : { name } }));

describe('network lab: tenant answers', () => {
  let busy: CliResult;
  let ghost: CliResult;
  let mismatch: CliResult;
  let unverified: CliResult;
  let html: CliResult;

  beforeAll(async () => {
    [busy, ghost, mismatch, unverified, html] = await Promise.all([
      probe('busy.lab.test'),
      probe('ghost.lab.test'),
      probe('mismatch.lab.test', lab.tenantId),
      probe('unverified.lab.test'),
      probe('html.lab.test'),
    ]);
  });

  it('DRS busy (503): 0x801c0021/0x801c0025', () => {
    const f = one(busy, 'drs-discovery', { proxy: 'direct', endpoint: discoverUrl('busy.lab.test') });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x801c0025']);
  });

  it('tenant not found: 0x801c0021/0x801c003a at discovery and OpenID', () => {
    expect(one(ghost, 'drs-discovery', { proxy: 'direct', endpoint: discoverUrl('ghost.lab.test') }).codes).toEqual(['0x801c0021', '0x801c003a']);
    const t = one(ghost, 'tenant-resolution', { proxy: 'direct', endpoint: /openid-configuration/ });
    expect(t.status).toBe('fail');
    expect(t.codes).toEqual(['0x801c0021', '0x801c003a']);
  });

  it('the name resolves to another tenant than the configured id: tenant-resolution fails (no device code: the id is from the config, not an SCP)', () => {
    const f = one(mismatch, 'tenant-resolution', { proxy: 'direct', endpoint: /openid-configuration/ });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual([]);
    expect(f.message).toContain(lab.otherTenantId);
    expect(f.message).toContain(lab.tenantId);
  });

  it('realm Unknown (domain not verified): discovery of that name fails first, 0x801c0021/0x801c003a (inferred), not 0x801c003d', () => {
    const f = one(unverified, 'user-realm', { proxy: 'direct', endpoint: /UserRealm/ });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x801c003a']);
    expect(f.evidence['source']).toBe('inferred');
  });

  it('an HTML page with 200 where JSON is expected: 0x801c0021/0x8007000d', () => {
    const f = one(html, 'drs-discovery', { proxy: 'direct', endpoint: discoverUrl('html.lab.test') });
    expect(f.status).toBe('fail');
    expect(f.codes).toEqual(['0x801c0021', '0x8007000d']);
    expect(one(html, 'proxy-html-response', { proxy: 'direct', endpoint: discoverUrl('html.lab.test') }).codes).toEqual(['0x801c0021', '0x8007000d']);
  });
});
