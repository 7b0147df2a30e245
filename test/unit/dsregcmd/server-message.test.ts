import { describe, expect, it } from 'vitest';
import { parseToJson } from '../../../src/cli/actions/dsregcmd-parse.js';
import { lookupCode } from '../../../src/codes/lookup.js';
import { diagnose } from '../../../src/engine/diagnosis.js';
import { MAX_SERVER_MESSAGE } from '../../../src/derived/dsregcmd/derive.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { renderDiagnosisText } from '../../../src/report/diagnosis-text.js';
import { loadSampleBlocks } from './samples.js';
import { CHECKS } from '../../../src/checks/index.js';
import { verifiedByLookup } from '../../../src/engine/verified-by.js';

const verifiedBy = verifiedByLookup(CHECKS);

const blocks = loadSampleBlocks();
const block = (re: RegExp) => blocks.find((b) => re.test(b.header))?.text ?? '';

/** A field as modern dsregcmd prints it: name right-aligned to column 26, value hard-wrapped at 90 columns. */
function field(name: string, value: string): string {
  const line = `${name.padStart(26)} : ${value}`;
  const parts: string[] = [];
  for (let i = 0; i < line.length; i += 90) parts.push(line.slice(i, i + 90));
  return parts.join('\n');
}

function joinFailure(serverCode: string, message: string, status = '400'): string {
  return [
    '+----------------------------------------------------------------------+',
    '| Diagnostic Data                                                      |',
    '+----------------------------------------------------------------------+',
    '',
    field('User Context', 'SYSTEM'),
    field('Registration Type', 'sync'),
    field('Error Phase', 'join'),
    field('Client ErrorCode', '0x801c03f2'),
    field('Server ErrorCode', serverCode),
    field('Server Message', message),
    field('Https Status', status),
    field('Request Id', '6bff0bd9-820b-484b-ab20-2a4f7b76c58e'),
    '',
  ].join('\n');
}

describe('Server ErrorCode / Server Message / Https Status', () => {
  it("reads Microsoft's sync-join sample (DirectoryError, device object not found)", () => {
    const s = parseDsregcmdStatus(block(/pre-join diagnostics output", 2nd/));
    expect(s.server).toMatchObject({
      errorCode: 'DirectoryError',
      message: "The device object by the given id (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb) isn't found.",
      httpStatus: 400,
      aadsts: null,
      explanation: { id: 'device-object-not-found', source: 'S1' },
    });
    expect(s.prtServer).toBeNull();
  });

  it('re-joins a message dsregcmd hard-wrapped over several lines', () => {
    const message = 'The public key user certificate is not found on the device object with id: (aaaaaaaa-0000-1111-2222-bbbbbbbbbbbb). Please try again after the next sync cycle has finished.';
    const text = joinFailure('DirectoryError', message);
    expect(text.split('\n').filter((l) => !l.includes(' : ')).length).toBeGreaterThanOrEqual(5); // really wrapped
    const s = parseDsregcmdStatus(text);
    expect(s.server?.message).toBe(message);
    expect(s.server?.explanation?.id).toBe('public-key-not-found');
    expect(s.sections['Diagnostic Data']?.['Request Id']).toBe('6bff0bd9-820b-484b-ab20-2a4f7b76c58e');
    expect(s.warnings).toBeUndefined();
  });

  it('recognises AADSTS90002 (wrong tenant id in the SCP) in a wrapped message', () => {
    const s = parseDsregcmdStatus(joinFailure('DirectoryError', 'AADSTS90002: Tenant 11111111-2222-3333-4444-555555555555 not found. This may happen if there are no active subscriptions for the tenant. Check to make sure you have the correct tenant ID.'));
    expect(s.server).toMatchObject({ aadsts: 'AADSTS90002', explanation: { id: 'AADSTS90002' } });
    expect(s.server?.message).toContain('Check to make sure you have the correct tenant ID.');
  });

  it('reads the SSO State answer of a failed PRT attempt (AADSTS50126)', () => {
    const s = parseDsregcmdStatus(block(/Sample SSO state output/));
    expect(s.prtServer).toMatchObject({ errorCode: 'invalid_grant', httpStatus: 400, aadsts: 'AADSTS50126', explanation: { id: 'AADSTS50126' } });
    expect(s.server).toBeNull();
  });

  it('bounds and escapes untrusted message text', () => {
    const evil = `AADSTS50155: \u001b[31mred\u202e ${'x'.repeat(2000)}`;
    const s = parseDsregcmdStatus(joinFailure('DirectoryError', evil));
    expect(s.server?.message?.length).toBe(MAX_SERVER_MESSAGE + 1);
    const json = parseToJson(Buffer.from(joinFailure('DirectoryError', evil)));
    expect(json.includes('\u001b') || json.includes('\u202e')).toBe(false);
    const text = renderDiagnosisText(diagnose(s, lookupCode, null, verifiedBy), false);
    expect(text.includes('\u001b') || text.includes('\u202e')).toBe(false);
    expect(text).toContain('\\u001b[31mred');
  });

  it('diagnose shows the message and its explanation, in text and JSON', () => {
    const s = parseDsregcmdStatus(block(/pre-join diagnostics output", 2nd/));
    const d = diagnose(s, lookupCode, null, verifiedBy);
    expect(d.device.server?.explanation?.id).toBe('device-object-not-found');
    expect(d.conclusion.text).toMatch(/device-object-not-found.*Entra Connect has not synced/);
    const text = renderDiagnosisText(d, false);
    expect(text).toMatch(/server said +DirectoryError, HTTP 400: "The device object by the given id/);
    expect(text).toMatch(/means: Entra ID has no device object .*\[S1\]/);
    expect(text).toMatch(/fix: Expected until the next sync/);
  });

  it('an AADSTS code outside the table is named, not explained', () => {
    const s = parseDsregcmdStatus(joinFailure('AuthenticationError', 'AADSTS700016: something new'));
    expect(s.server).toMatchObject({ aadsts: 'AADSTS700016', explanation: null });
    expect(renderDiagnosisText(diagnose(s, lookupCode, null, verifiedBy), false)).toContain("AADSTS700016 is not in this tool's table");
  });
});
