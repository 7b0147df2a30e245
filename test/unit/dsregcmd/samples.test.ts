import { describe, expect, it } from 'vitest';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import type { DsregcmdStatus } from '../../../src/derived/dsregcmd/types.js';
import { loadSampleBlocks } from './samples.js';

type Expect = Pick<DsregcmdStatus, 'joinState' | 'errorPhase' | 'clientErrorCode'> & Partial<DsregcmdStatus> & { source: RegExp };

/**
 * What each block's header says, by position in the file. Blocks that only hold one section show
 * no join flags, so their join state is honestly `unknown`.
 */
const EXPECTED: Array<Expect | 'not-status'> = [
  { source: /troubleshoot-hybrid-join-windows-current.md \(Step 1\)/, joinState: 'hybrid-joined', errorPhase: null, clientErrorCode: null, layout: 'legacy' },
  { source: /2017 version/, joinState: 'hybrid-joined', errorPhase: null, clientErrorCode: null, layout: 'legacy' },
  { source: /Sample device state output/, joinState: 'hybrid-joined', errorPhase: null, clientErrorCode: null, layout: 'modern' },
  { source: /Sample device details output/, joinState: 'unknown', errorPhase: null, clientErrorCode: null, deviceId: '00aa00aa-bb11-cc22-dd33-44ee44ee44ee' },
  { source: /Sample tenant details output/, joinState: 'unknown', errorPhase: null, clientErrorCode: null, tenant: { id: 'aaaabbbb-0000-cccc-1111-dddd2222eeee', name: 'HybridADFS' } },
  { source: /Sample user state output/, joinState: 'unknown', errorPhase: null, clientErrorCode: null },
  { source: /Sample SSO state output/, joinState: 'unknown', errorPhase: null, clientErrorCode: null, codes: ['0xc000006d'] },
  { source: /post-join authentication issues/, joinState: 'unknown', errorPhase: null, clientErrorCode: null },
  { source: /pre-join diagnostics output", 1st/, joinState: 'unknown', errorPhase: 'discover', clientErrorCode: '0x801c0021', context: 'system' },
  { source: /pre-join diagnostics output", 2nd/, joinState: 'unknown', errorPhase: 'join', clientErrorCode: '0x801c03f2', serverErrorCode: 'DirectoryError', context: 'system' },
  { source: /Step 4/, joinState: 'unknown', errorPhase: null, clientErrorCode: null, context: 'un-elevated' },
  { source: /Sample post-join diagnostics output/, joinState: 'unknown', errorPhase: null, clientErrorCode: null },
  { source: /Sample NGC prerequisites check output/, joinState: 'unknown', errorPhase: null, clientErrorCode: null },
  { source: /rcmlab-ws2022-s/, joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d', context: 'system', deviceName: 'rcmlab-ws2022-s.rcmlab.local' },
  { source: /Monteverde/, joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d', context: 'un-elevated' },
  { source: /Vagabondo/, joinState: 'entra-registered', errorPhase: null, clientErrorCode: null, deviceName: 'Vagabondo' },
  { source: /azure-docs#48791/, joinState: 'workgroup', errorPhase: null, clientErrorCode: null },
  { source: /kolide\/launcher#873/, joinState: 'hybrid-joined', errorPhase: null, clientErrorCode: null, deviceId: '126cafbf-18e6-47a8-ad06-d5affe132b36' },
  'not-status', // dsregcmd /debug log
  'not-status', // '#'-commented /debug fragments
];

const blocks = loadSampleBlocks();

describe('shared dsregcmd samples', () => {
  it('has the blocks this table describes', () => {
    // The file's own header speaks of 24 blocks; it holds 20.
    expect(blocks.length).toBe(EXPECTED.length);
  });

  describe.each(blocks.map((b) => [b.index, b] as const))('block %i', (i, block) => {
    const exp = EXPECTED[i];
    if (exp === 'not-status' || exp === undefined) {
      it('is not /status output but still parses without throwing', () => {
        expect(block.header).toMatch(/NOT (dsregcmd )?\/status|NOT \/status/i);
        const r = parseDsregcmdStatus(block.text);
        expect(r.joinState).toBe('unknown');
        expect(r.errorPhase).toBeNull();
      });
      return;
    }
    it(`matches its header (${exp.source.source})`, () => {
      expect(block.header).toMatch(exp.source);
      const { source: _source, ...want } = exp;
      const r = parseDsregcmdStatus(block.text);
      expect(r).toMatchObject(want);
    });
  });
});

describe('details of the real captures', () => {
  const bySource = (re: RegExp) => parseDsregcmdStatus(blocks.find((b) => re.test(b.header))?.text ?? '');

  it('reads the SCP-missing capture fully', () => {
    const r = bySource(/rcmlab-ws2022-s/);
    expect(r.diagnostics.adConnectivity).toEqual({ result: 'PASS', codes: [] });
    expect(r.diagnostics.adConfiguration).toEqual({ result: 'FAIL', codes: ['0x80070002'] });
    expect(r.diagnostics.drsDiscovery).toEqual({ result: 'SKIPPED', codes: [] });
    expect(r.sections['Diagnostic Data']?.['Client Time']).toBe('2022-11-07T15:51:42.000Z');
    expect(r.sections['Diagnostic Data']?.['Fallback to Sync-Join']).toBe('ENABLED');
    expect(r.sections['Device State']?.['DomainJoined']).toBe(true);
    expect(r.sections['URL Specific Proxy Config']?.['Auto Detect PAC Status']).toBe(
      'Failed to auto detect the Proxy Auto-Configuration (PAC) script using WPAD. code: 0x80072f94',
    );
    expect(r.sections['URL Specific Proxy Config']?.['Executing Account Name']).toBe('RCMLAB\\RCMLAB-WS2022-S$, RCMLAB-WS2022-S$@rcmlab.local');
    expect(r.sections['IE Proxy Config for System Account']?.['Auto-Configuration URL']).toBe('');
    expect(r.sections['WinHttp Default Proxy Config']?.['Access Type']).toBe('DIRECT');
    // WPAD finding no PAC is not the device's error: a note, not a code
    expect(r.codes).toEqual(['0x80070002', '0x801c001d']);
    expect(r.notes).toEqual([
      expect.objectContaining({ section: 'URL Specific Proxy Config', field: 'Auto Detect PAC Status', code: '0x80072f94', source: 'S29' }),
    ]);
    expect(Object.keys(r.sections)).toEqual([
      'Device State', 'User State', 'SSO State', 'Diagnostic Data', 'IE Proxy Config for System Account',
      'URL Specific Proxy Config', 'IE Proxy Config for Current User', 'WinHttp Default Proxy Config', 'Ngc Prerequisite Check',
    ]);
    expect(r.warnings).toBeUndefined();
  });

  it('types the odd values of the domain-controller capture', () => {
    const r = bySource(/Monteverde/);
    expect(r.sections['Ngc Prerequisite Check']?.['NgcPreReq']).toEqual({ result: 'ERROR', codes: ['0xd0020017'] });
    expect(r.sections['User State']?.['WamDefaultSet']).toBe('ERROR');
    expect(r.codes).toEqual(['0x80070002', '0x801c001d']);
    expect(r.notes).toEqual([expect.objectContaining({ section: 'Ngc Prerequisite Check', field: 'NgcPreReq', code: '0xd0020017' })]);
    expect(r.sections['Ngc Prerequisite Check']?.['IsDeviceJoined']).toBe('UNKNOWN');
    expect(r.sections['SSO State']?.['AzureAdPrtAuthority']).toBe(false);
    expect(r.warnings).toBeUndefined();
  });

  it('reads the Entra-registered PC with its work account', () => {
    const r = bySource(/Vagabondo/);
    expect(r.sections['Work Account 1']?.['DeviceCertificateValidity']).toEqual({ from: '2021-12-07T15:28:54.000Z', to: '2031-12-07T15:58:54.000Z' });
    expect(r.sections['User State']?.['WorkAccountCount']).toBe(1);
    expect(r.sections['Device State']?.['Virtual Desktop']).toBe('NOT SET');
    expect(r.tenant).toBeNull();
    expect(r.warnings).toBeUndefined();
  });

  it('flags the output cut off after a header', () => {
    const r = bySource(/azure-docs#48791/);
    expect(r.warnings?.some((w) => /truncated/.test(w))).toBe(true);
  });

  it('reads the 1607-era layout into Device State and User State', () => {
    const r = bySource(/2017 version/);
    expect(r.sections['Device State']?.['KeySignTest']).toBe('MUST Run elevated to test.');
    expect(r.sections['Device State']?.['dmComplianceUrl']).toBe('https://portal.manage-beta.microsoft.com/?portalAction=Compliance');
    expect(r.sections['User State']?.['AzureAdPrt']).toBe(true);
    expect(r.sections['User State']?.['WamDefaultGUID']).toBe('{B16898C6-A148-4967-9171-64D755DA8520} (AzureAd)');
    expect(r.tenant).toEqual({ id: '72b988bf-86f1-41af-91ab-2d7cd011db47', name: 'Contoso' });
  });

  it('reads the SSO diagnostics', () => {
    const r = bySource(/Sample SSO state output/);
    const sso = r.sections['SSO State'];
    expect(sso?.['Attempt Status']).toBe('0xc000006d');
    expect(sso?.['HTTP Error']).toBe('0x00000000');
    expect(sso?.['HTTP status']).toBe(400);
    expect(sso?.['Previous Prt Attempt']).toBe('2020-07-18T20:10:33.789Z');
    expect(sso?.['Server Error Description']).toBe('AADSTS50126: Error validating credentials due to invalid username or password.');
  });

  it('reads the join-phase failure', () => {
    const r = bySource(/pre-join diagnostics output", 2nd/);
    const d = r.sections['Diagnostic Data'];
    expect(d?.['Https Status']).toBe(400);
    expect(d?.['Registration Type']).toBe('sync');
    expect(d?.['Server Message']).toBe("The device object by the given id (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb) isn't found.");
  });

  it('reads both field layouts in one section (post-join sample)', () => {
    const r = bySource(/Sample post-join diagnostics output/);
    expect(r.sections['Diagnostic Data']).toEqual({ AadRecoveryEnabled: false, KeySignTest: { result: 'PASSED', codes: [] } });
    expect(r.diagnostics.keySign).toEqual({ result: 'PASSED', codes: [] });
  });

  it('keeps the discover sub-code after the top-level code', () => {
    expect(bySource(/Step 4/).diagnostics.drsDiscovery).toEqual({ result: 'FAIL', codes: ['0x801c0021', '0x80072ee2'] });
    expect(bySource(/pre-join diagnostics output", 1st/).diagnostics.drsDiscovery).toEqual({ result: 'FAIL', codes: ['0x801c0021', '0x801c000c'] });
  });

  it('keeps the truncated value of the kolide sample as printed', () => {
    expect(bySource(/kolide/).sections['Tenant Details']?.['Idp']).toBe('logi');
  });
});
