import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { lookupCode } from '../../../src/codes/lookup.js';
import { checksToVerify, diagnose, explainCodes } from '../../../src/engine/diagnosis.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { evaluate } from '../../../src/engine/run.js';
import { verifiedByLookup } from '../../../src/engine/verified-by.js';
import { artifacts, dc, forest } from '../checks/build.js';
import { fullSample, loadSampleBlocks } from '../dsregcmd/samples.js';

const verifiedBy = verifiedByLookup(CHECKS);
const scpMissingDevice = parseDsregcmdStatus(fullSample());
const directoryChecks = (ids: string[]) => CHECKS.filter((c) => ids.includes(c.meta.id));

describe('diagnose', () => {
  it('reads the device: 0x801c001d at discover, AD Configuration Test failing with 0x80070002', () => {
    const d = diagnose(scpMissingDevice, lookupCode, null, verifiedBy);
    expect(d.device).toMatchObject({ errorPhase: 'discover', clientErrorCode: '0x801c001d' });
    expect(d.device.failingTests).toContainEqual({ test: 'AD Configuration Test', result: 'FAIL', codes: ['0x80070002'] });
    expect(d.codes.find((c) => c.hex === '0x801c001d')).toMatchObject({ known: true, name: 'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED' });
    expect(d.conclusion.verdict).toBe('not-verified');
  });

  it('picks the SCP checks to verify 0x801c001d', () => {
    const ids = checksToVerify(explainCodes(['0x801c001d'], lookupCode, verifiedBy), CHECKS.map((c) => c.meta.id));
    expect(ids).toEqual(expect.arrayContaining(['scp-present', 'scp-keywords', 'scp-read-access']));
  });

  it('confirms the cause when the environment shows no SCP', () => {
    const ids = checksToVerify(explainCodes(scpMissingDevice.codes, lookupCode, verifiedBy), CHECKS.map((c) => c.meta.id));
    const report = evaluate(artifacts([forest('contoso.test', [dc('dc1.contoso.test', { scp: null })])]), directoryChecks(ids));
    const d = diagnose(scpMissingDevice, lookupCode, { checks: ids, report }, verifiedBy);
    expect(d.conclusion.verdict).toBe('confirmed');
    expect(d.conclusion.text).toContain('scp-present (contoso.test)');
    expect(d.conclusion.deviceSide).toEqual([]);
  });

  it('points at the device when the environment is healthy', () => {
    const ids = checksToVerify(explainCodes(['0x801c001d'], lookupCode, verifiedBy), CHECKS.map((c) => c.meta.id)).filter((id) => !id.startsWith('scp-tenant-consistent'));
    const report = evaluate(artifacts([forest('contoso.test', [dc('dc1.contoso.test')])]), directoryChecks(ids));
    const d = diagnose(scpMissingDevice, lookupCode, { checks: ids, report }, verifiedBy);
    expect(d.conclusion.verdict).toBe('environment-healthy');
    expect(d.conclusion.deviceSide.join(' ')).toMatch(/CDJ\\AAD/);
  });

  it('says no error for a healthy hybrid-joined device', () => {
    const joined = loadSampleBlocks().find((b) => b.header.includes('kolide'));
    const d = diagnose(parseDsregcmdStatus(joined?.text ?? ''), lookupCode, null, verifiedBy);
    expect(d.device.joinState).toBe('hybrid-joined');
    expect(d.conclusion.verdict).toBe('no-error');
  });
});
