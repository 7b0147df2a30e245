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
import { fullSample, loadSampleBlocks } from './samples.js';

function same(text: string): void {
  expect(scanDsregcmd(text)).toEqual(scanDsregcmdLines(text));
}

/** Pieces of real output and every kind of line the general code treats specially. */
const PIECES = [
  ...fullSample().split('\n').slice(0, 80),
  `+${'-'.repeat(70)}+`, '+-----', '+----', '+=====+', '  +-+-+-+-+', '+------ x', '| Device State |', '| Diagnostic Data', '|', '||',
  'Waiting for Diagnostics Task to complete. This could take a few minutes...', 'waiting FOR diagnostics task to complete : x',
  'For more information, please visit https://www.microsoft.com/aadjerrorcode', 'Copyright (C) Microsoft Corporation. All rights reserved.',
  'Try the new cross-platform PowerShell https://aka.ms/pswindows', 'Windows PowerShell', 'PS C:\\Users\\admin> dsregcmd /status',
  '*Evil-WinRM* PS C:\\> x', 'C:\\>dsregcmd', '```', '   KeySignTest: : MUST Run elevated to test.', 'Name : : x', 'Name :: x', 'Name:x',
  '        AzureAdJoined : YES', 'AzureAdJoined:YES', ' A : ', 'a b c : d', `${'N'.repeat(60)} : v`, `${'N'.repeat(61)} : v`, `${'x'.repeat(95)}`,
  '   Name_with-chars 9 : v', '   Näme : v', '\u00a0 Name : v', 'Name\u00a0: v', 'Name :\u00a0v', 'Name : v\u00a0', '__proto__ : x', 'constructor : y',
  ' ', '', '\t', '\r', '\r\n', '\n', '\ufeff', '\u2028', ' : ', ':', 'https://x/y : z',
];

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
