import { describe, expect, it } from 'vitest';
import { parseTestResult, parseUtcTimestamp, typeValue } from '../../../src/derived/dsregcmd/values.js';

describe('field value typing', () => {
  it.each([
    ['AzureAdJoined', 'YES', true],
    ['AzureAdJoined', 'NO', false],
    ['DomainName', 'CONTOSO', 'CONTOSO'],
    ['Auto-Configuration URL', '', ''],
    ['Client ErrorCode', '0x801C001D', '0x801c001d'],
    ['HTTP Error', '0x0', '0x00000000'],
    ['Client Time', '2019-01-10 18:50:40.000 UTC', '2019-01-10T18:50:40.000Z'],
    ['Client Time', '2019-01-10 18:50:40 UTC', '2019-01-10T18:50:40.000Z'],
    ['Client Time', '2019-02-30 18:50:40.000 UTC', '2019-02-30 18:50:40.000 UTC'],
    ['Https Status', '400', 400],
    ['WorkAccountCount', '1', 1],
    ['JoinSrvVersion', '1.0', '1.0'],
    ['DomainName', '12345', '12345'],
    ['Virtual Desktop', 'NOT SET', 'NOT SET'],
    ['WamDefaultSet', 'ERROR', 'ERROR'],
    ['DeviceAuthStatus', 'FAILED. Device is either disabled or deleted', 'FAILED. Device is either disabled or deleted'],
    ['PreReqResult', 'WillProvision', 'WillProvision'],
  ])('%s : %j', (name, raw, want) => {
    expect(typeValue(name, raw)).toEqual(want);
  });

  it('reads test results with and without codes', () => {
    expect(typeValue('AD Connectivity Test', 'PASS')).toEqual({ result: 'PASS', codes: [] });
    expect(typeValue('DRS Discovery Test', 'FAIL [0x801c0021/0x80072EE2]')).toEqual({ result: 'FAIL', codes: ['0x801c0021', '0x80072ee2'] });
    expect(typeValue('AD Configuration Test', 'FAIL [0x80070002]')).toEqual({ result: 'FAIL', codes: ['0x80070002'] });
    expect(typeValue('KeySignTest', 'PASSED')).toEqual({ result: 'PASSED', codes: [] });
    expect(typeValue('WamDefaultSet', 'ERROR (0xd0020017)')).toEqual({ result: 'ERROR', codes: ['0xd0020017'] });
    expect(typeValue('NgcPreReq', 'ERROR 0xd0020017')).toEqual({ result: 'ERROR', codes: ['0xd0020017'] });
    expect(typeValue('AzureAdJoined', 'ERROR [UNKNOWN_ERROR]')).toEqual({ result: 'ERROR', codes: [], detail: 'UNKNOWN_ERROR' });
    // not a test field and no code: stays text
    expect(typeValue('Something', 'PASS')).toBe('PASS');
  });

  it('reads certificate validity ranges', () => {
    expect(typeValue('DeviceCertificateValidity', '[ 2019-01-10 18:40:39.000 UTC -- 2029-01-10 18:50:39.000 UTC ]')).toEqual({
      from: '2019-01-10T18:40:39.000Z',
      to: '2029-01-10T18:50:39.000Z',
    });
    expect(typeValue('DeviceCertificateValidity', '[ soon -- later ]')).toEqual({ from: 'soon', to: 'later' });
  });

  it('parseUtcTimestamp rejects near misses', () => {
    expect(parseUtcTimestamp('2019-01-10 18:50:40.000')).toBeNull();
    expect(parseUtcTimestamp('2019-13-10 18:50:40.000 UTC')).toBeNull();
    expect(parseUtcTimestamp('2019-01-10 25:50:40.000 UTC')).toBeNull();
    expect(parseUtcTimestamp('2019-01-10 18:50:40.5 UTC')).toBe('2019-01-10T18:50:40.500Z');
  });

  it('parseTestResult returns null for other text', () => {
    expect(parseTestResult('PASSING')).toBeNull();
    expect(parseTestResult('FAIL [')).toBeNull();
  });
});
