import { describe, expect, it } from 'vitest';
import { cloudDrsPrincipal } from '../../../src/checks/cloud-drs-principal.js';
import type { DrsServicePrincipal } from '../../../src/artifacts/cloud.js';
import { cloudArtifact, device } from '../../support/cloud-build.js';
import { artifacts } from './build.js';

const run = (sp: ReturnType<typeof cloudArtifact>['drsServicePrincipal']) => cloudDrsPrincipal.run({ settings: artifacts([]).settings, cloud: cloudArtifact([device()], { drsServicePrincipal: sp }) });
const found = (over: Partial<DrsServicePrincipal>) => ({ ok: true as const, value: { found: true, id: 'sp-1', appId: '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9', displayName: 'Device Registration Service', accountEnabled: true, ...over } });

describe("'cloud-drs-principal'", () => {
  it('passes when enabled', () => {
    expect(run(found({}))[0]).toMatchObject({ status: 'pass', endpoint: 'https://graph.microsoft.com' });
  });

  it('fails when disabled, with the consequence marked inferred and the command to enable it', () => {
    const r = run(found({ accountEnabled: false }))[0];
    expect(r).toMatchObject({ status: 'fail', evidence: { source: 'inferred', accountEnabled: false } });
    expect(r?.message).toMatch(/disabled: no device of the tenant can register/);
    expect(r?.remedy).toContain('Update-MgServicePrincipal -ServicePrincipalId sp-1 -AccountEnabled:$true');
  });

  it('warns when absent, errors when not read or when accountEnabled is missing', () => {
    expect(run({ ok: true, value: { found: false } })[0]?.status).toBe('warn');
    expect(run({ ok: false, failure: { stage: 'http', code: 'HTTP_403', message: 'no permission' } })[0]).toMatchObject({ status: 'error', message: expect.stringContaining('no permission') });
    expect(run(found({ accountEnabled: null }))[0]?.status).toBe('error');
  });
});
