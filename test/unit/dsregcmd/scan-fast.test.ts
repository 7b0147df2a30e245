/**
 * The offset scan (scan-fast.ts) against the line-string scan it replaces on the hot path (scanDsregcmdLines):
 * the same result for every input, real or random. The line scan is the reference: it is the parser's tested
 * behaviour (samples, robustness and property tests), and it still reads text with tabs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanDsregcmd } from '../../../src/derived/dsregcmd/scan-fast.js';
import { scanDsregcmdLines } from '../../../src/derived/dsregcmd/scan.js';
import { capture } from './fleet-samples.js';
import { fullSample, loadSampleBlocks, PIECES } from './samples.js';

function same(text: string): void {
  expect(scanDsregcmd(text)).toEqual(scanDsregcmdLines(text));
}


describe('offset scan = line scan', () => {
  it('on every real sample and on generated fleet captures (UTF-16 style CRLF included)', () => {
    for (const b of loadSampleBlocks()) {
      same(b.text);
      same(b.text.replace(/\n/g, '\r\n'));
      same(`\ufeff${b.text}`);
    }
    for (const state of ['scp', 'timeout', 'joined'] as const) same(capture({ host: 'pc-1', domain: 'contoso.com', day: 2, state, deviceId: 'd8f4cbbf-1111-4444-aaaa-0123456789ab', proxy: 'p:8080' }));
  });

  it('on shuffled pieces joined by any line break', () => {
    const sep = fc.constantFrom('\n', '\r\n', '\r', '\n\n', ' \n', '  \n');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PIECES), sep), { maxLength: 80 }), (parts) => same(parts.map(([p, s]) => p + s).join(''))),
      { numRuns: 2000 },
    );
  });

  it('on real output with characters deleted, inserted or doubled', () => {
    const text = fullSample();
    const edit = fc.tuple(fc.nat(text.length), fc.constantFrom('', ' ', ':', '\n', '+', '|', '-', '\t', '\r', 'x', '\u00a0'), fc.nat(3));
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 12 }), (edits) => {
        let t = text;
        for (const [at, ins, del] of edits) t = t.slice(0, at) + ins + t.slice(at + del);
        same(t);
      }),
      { numRuns: 1000 },
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), same), { numRuns: 1000 });
  });
});
