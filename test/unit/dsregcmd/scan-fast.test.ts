/**
 * The offset scan (scan-fast.ts) against the line-string scan it replaces on the hot path (scanDsregcmdLines):
 * the same result for every input, real or random. The line scan is the reference: it is the parser's tested
 * behaviour (samples, robustness and property tests), and it still reads text with tabs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scanDsregcmd } from '../../../src/derived/dsregcmd/scan-fast.js';
import { scanDsregcmdLines, type Keep, type ScanResult } from '../../../src/derived/dsregcmd/scan.js';
import { capture } from './fleet-samples.js';
import { editedSample, loadSampleBlocks, PIECES } from './samples.js';

/** A keep for a few names a reader asks for: one of every kind (a base name, a suffixed name, a wrapped value). */
const KEPT = new Set(['AzureAdJoined', 'DomainJoined', 'Client ErrorCode', 'Error Phase', 'Server Message', 'Client Time', 'DeviceId', 'TenantName', 'Foo (2)']);
const KEEP: Keep = (name) => KEPT.has(name);

/** The whole scan with only the kept fields left: what a scan with `keep` must return. */
function filtered(scan: ScanResult, keep: Keep): ScanResult {
  return { ...scan, sections: scan.sections.map((s) => ({ title: s.title, fields: s.fields.filter((f) => keep(f.name)) })) };
}

function same(text: string): void {
  const whole = scanDsregcmdLines(text);
  expect(scanDsregcmd(text)).toEqual(whole);
  // Skipping a field's value changes nothing else: counts, titles, unrecognised lines and remainders stay.
  expect(scanDsregcmdLines(text, KEEP)).toEqual(filtered(whole, KEEP));
  expect(scanDsregcmd(text, KEEP)).toEqual(filtered(whole, KEEP));
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
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PIECES, '           Foo : a', `Foo : ${'w'.repeat(90)}`, 'Foo: b'), sep), { maxLength: 80 }), (parts) => same(parts.map(([p, s]) => p + s).join(''))),
      { numRuns: 2000 },
    );
  });

  it('on real output with characters deleted, inserted or doubled', () => {
    fc.assert(
      fc.property(editedSample(['', ' ', ':', '\n', '+', '|', '-', '\t', '\r', 'x', '\u00a0']), (t) => same(t)),
      { numRuns: 1000 },
    );
  });

  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), same), { numRuns: 1000 });
  });
});
