/**
 * The fleet's parse (captureOfText / captureOfBytes: only the fields the record reads are typed) against the
 * record made from the whole model (toCapture of parseDsregcmdStatus): the same record, or the same "not a
 * capture", for every input, real or random. Also: the derived fields of the model are the same both ways.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureOfBytes, captureOfText, isDsregcmdCapture, toCapture, type CaptureSource } from '../../../src/derived/dsregcmd/capture.js';
import { packCapture, unpackCapture } from '../../../src/derived/dsregcmd/capture-packed.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { capture } from './fleet-samples.js';
import { editedSample, fullSample, loadSampleBlocks, PIECES } from './samples.js';

const FROM: CaptureSource = { source: 'dir/pc-07_2026-11-03.txt', fallbackName: 'pc-07_2026-11-03.txt', fileTime: 1_700_000_000_000 };

function same(text: string, from: CaptureSource = FROM): void {
  const whole = parseDsregcmdStatus(text);
  expect(captureOfText(text, from)).toEqual(isDsregcmdCapture(whole) ? toCapture(whole, from) : null);
  const { codes: _c, notes: _n, sections: _s, ...derived } = whole;
  const { codes, notes, sections: _t, ...fromSubset } = parseDsregcmdStatus(text, new Set(['client time']));
  expect(fromSubset).toEqual(derived);
  expect(codes).toEqual([]);
  expect(notes).toBeUndefined();
}

/** Lines the record reads, in the forms the parser accepts, plus repeats (which become "Name (2)"). */
const RECORD_PIECES = [
  '| Diagnostic Data |', '| WinHttp Default Proxy Config |', '| IE Proxy Config for System Account |', '| Device State |', '| Device Details |',
  '     Client ErrorCode : 0x801c001d', 'client errorcode : 0x801c0021', '     Client Time : 2026-11-03 08:00:00.000 UTC', 'Client Time : not a time',
  '  Executing Account Name : CONTOSO\\PC-07$, PC-07$@contoso.com', 'Executing Account Name : x\\y', '     Access Type : DIRECT',
  '     Access Type : NAMED_PROXY', '  Proxy Server List : http=proxy:80;https=proxy2:8443', '  Auto-Configuration URL : http://wpad/wpad.dat',
  '      DomainName : CONTOSO', '     Device Name : pc-07.contoso.com', '        DeviceId : d8f4cbbf-1111-4444-aaaa-0123456789ab',
  '    AzureAdJoined : NO', '     DomainJoined : YES', '     Error Phase : discover', '  DRS Discovery Test : FAIL [0x801c0021/0x80072ee2]',
];

describe("the fleet's parse = toCapture of the whole model", () => {
  it('on every real sample (also CRLF, with a BOM, as UTF-16LE bytes, and cut) and on generated fleet captures', () => {
    for (const b of loadSampleBlocks()) {
      same(b.text);
      same(b.text.replace(/\n/g, '\r\n'));
      same(`\ufeff${b.text}`);
      same(b.text.slice(0, Math.floor(b.text.length / 2)), { ...FROM, cut: true });
      const whole = parseDsregcmdStatus(b.text);
      const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.text, 'utf16le')]);
      expect(captureOfBytes(bytes, {}, FROM)).toEqual(isDsregcmdCapture(whole) ? toCapture(whole, FROM) : null);
    }
    for (const state of ['scp', 'timeout', 'joined'] as const) {
      same(capture({ host: 'pc-1', domain: 'contoso.com', day: 2, state, deviceId: 'd8f4cbbf-1111-4444-aaaa-0123456789ab', proxy: 'p:8080' }));
    }
  });

  it('on shuffled pieces, with and without the fields the record reads', () => {
    const sep = fc.constantFrom('\n', '\r\n', '\n\n');
    const piece = fc.constantFrom(...PIECES, ...RECORD_PIECES, ...RECORD_PIECES);
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, sep), { maxLength: 80 }), fc.boolean(), (parts, cut) => same(parts.map(([p, s]) => p + s).join(''), { ...FROM, cut })),
      { numRuns: 2000 },
    );
  });

  it('on real output with characters deleted, inserted or doubled', () => {
    fc.assert(
      fc.property(editedSample(['', ' ', ':', '\n', '+', '|', 'x', '0x']), (t) => same(t)),
      { numRuns: 1000 },
    );
  });
});

describe('a packed capture (what a parse worker posts)', () => {
  it('unpacks to the same record, field for field, for every sample', () => {
    const from: CaptureSource = { source: 'caps/pc.txt', fallbackName: 'pc.txt', fileTime: 1_700_000_000_000, cut: true };
    let seen = 0;
    for (const text of [fullSample(), capture({ host: 'pc-9', domain: 'contoso.com', day: 3 })]) {
      const c = captureOfText(text, from);
      expect(c).not.toBeNull();
      if (c === null) continue;
      const packed = packCapture(c);
      // one value per field: a field added to Capture and not to the packed form fails here
      expect(packed).toHaveLength(Object.keys(c).length);
      expect(unpackCapture(structuredClone(packed))).toStrictEqual(c);
      expect(Object.keys(unpackCapture(packed))).toEqual(Object.keys(c));
      seen++;
    }
    expect(seen).toBe(2);
  });
});
