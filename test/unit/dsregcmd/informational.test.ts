/** Codes dsregcmd prints that are not the device's registration errors (facts section 6, real captures [S29]). */
import { describe, expect, it } from 'vitest';
import { lookupCode } from '../../../src/codes/lookup.js';
import { diagnose } from '../../../src/engine/diagnosis.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { toCapture } from '../../../src/derived/dsregcmd/capture.js';
import { Fleet } from '../../../src/derived/dsregcmd/fleet.js';
import { summarizeFleet } from '../../../src/engine/fleet-summary.js';
import { loadSampleBlocks } from './samples.js';
import { CHECKS } from '../../../src/checks/index.js';
import { verifiedByLookup } from '../../../src/engine/verified-by.js';

const verifiedBy = verifiedByLookup(CHECKS);

const blocks = loadSampleBlocks();
const block = (re: RegExp) => blocks.find((b) => re.test(b.header))?.text ?? '';

/** The lines of one boxed section of a real capture, header included. */
function sectionOf(text: string, title: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`| ${title}`));
  const end = lines.findIndex((l, i) => i > at + 1 && l.startsWith('+---') && lines[i + 1]?.startsWith('|'));
  return lines.slice(at - 1, end).join('\n');
}

/**
 * A healthy hybrid-joined device as an elevated admin shell prints it: the hybrid-joined capture
 * (kolide/launcher#873) with the WPAD line of the Server 2022 capture and the 0xd0020017 lines of
 * the Monteverde capture, all verbatim.
 */
const rcmlab = block(/rcmlab-ws2022-s/);
const monteverde = block(/Monteverde/);
const HEALTHY = [
  block(/kolide\/launcher#873/).replace(/\n\s*Idp : logi\s*$/, ''),
  sectionOf(monteverde, 'User State').replace('WamDefaultSet : ERROR', 'WamDefaultSet : ERROR (0xd0020017)'),
  sectionOf(rcmlab, 'URL Specific Proxy Config'),
  sectionOf(monteverde, 'Ngc Prerequisite Check'),
].join('\n');

describe('harmless codes in dsregcmd /status', () => {
  it('the healthy capture has the lines this test is about', () => {
    expect(HEALTHY).toMatch(/Auto Detect PAC Status : Failed to auto detect .* u\nsing WPAD\. code: 0x80072f94/);
    expect(HEALTHY).toContain('WamDefaultSet : ERROR (0xd0020017)');
    expect(HEALTHY).toContain('NgcPreReq : ERROR 0xd0020017');
  });

  const status = parseDsregcmdStatus(HEALTHY);

  it('keeps them out of codes and shows them as notes', () => {
    expect(status.joinState).toBe('hybrid-joined');
    expect(status.codes).toEqual([]);
    expect(status.notes?.map((n) => [n.section, n.field, n.code])).toEqual([
      ['User State', 'WamDefaultSet', '0xd0020017'],
      ['URL Specific Proxy Config', 'Auto Detect PAC Status', '0x80072f94'],
      ['Ngc Prerequisite Check', 'NgcPreReq', '0xd0020017'],
    ]);
    expect(status.notes?.[1]?.note).toMatch(/WPAD/);
  });

  it('a healthy hybrid-joined capture diagnoses as no error', () => {
    const d = diagnose(status, lookupCode, null, verifiedBy);
    expect(d.conclusion.verdict).toBe('no-error');
    expect(d.codes).toEqual([]);
    expect(d.device.notes).toHaveLength(3);
  });

  it('summarize counts no error code for it', () => {
    const fleet = new Fleet();
    fleet.add(toCapture(status, { source: 'pc1.txt', fallbackName: 'pc1.txt', fileTime: 0 }));
    const s = summarizeFleet(fleet, null);
    expect(Object.keys(s.byClientErrorCode)).toEqual(['none']);
    expect(s.errorGroups).toEqual([]);
  });

  it('the same codes still count where they are the failure', () => {
    const failing = parseDsregcmdStatus(
      `${HEALTHY}\n+----------------------------------------------------------------------+\n| Diagnostic Data |\n` +
        '+----------------------------------------------------------------------+\n' +
        '        DRS Discovery Test : FAIL [0x801c0021/0x80072f94]\n          Client ErrorCode : 0xd0020017\n',
    );
    expect(failing.codes).toEqual(['0x801c0021', '0x80072f94', '0xd0020017']);
  });
});
