import iconv from 'iconv-lite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeWindowsText, decodeWindowsTextDetailed, guessLegacyCodePage, isKnownEncoding } from '../../../src/derived/windows-text.js';

const enc = (text: string, cp: string) => iconv.encode(text, cp);

describe('decodeWindowsText: Unicode forms', () => {
  const text = 'Proxy Server(s) :  proxy.contoso.com:8080\r\nTenantName : Müller Größe\r\n';
  it.each([
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'bom'],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), enc(text, 'utf16le')]), 'bom'],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), enc(text, 'utf16be')]), 'bom'],
    ['UTF-16LE without BOM', enc(text, 'utf16le'), 'utf16-pattern'],
    ['UTF-16BE without BOM', enc(text, 'utf16be'), 'utf16-pattern'],
    ['UTF-8 without BOM', Buffer.from(text), 'utf8'],
  ])('%s', (_name, bytes, method) => {
    const d = decodeWindowsTextDetailed(bytes);
    expect(d.text).toBe(text);
    expect(d.method).toBe(method);
  });

  it('drops half a UTF-16 code unit at the end of a cut-off file', () => {
    expect(decodeWindowsText(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]))).toBe('A');
  });
});

describe('decodeWindowsText: legacy code pages', () => {
  it.each([
    ['cp850', 'Müller Größe'],
    ['cp850', 'MÜLLER GRÖSSE'],
    ['cp850', 'Société Générale, Ärger à Genève'],
    ['cp1252', 'Müller Größe'],
    ['cp1252', 'Société Générale, Ärger à Genève'],
    ['cp1252', 'MÜLLER GRÖSSE'],
  ])('recognises %s text "%s"', (cp, words) => {
    const bytes = enc(`                TenantName : ${words}\r\n`, cp);
    const d = decodeWindowsTextDetailed(bytes);
    expect(d).toMatchObject({ encoding: cp, method: 'legacy-guess' });
    expect(d.text).toContain(words);
  });

  it('ties go to cp850 (the console code page of western Europe)', () => {
    expect(guessLegacyCodePage(Buffer.from([0x41, 0xe1, 0x20]))).toBe('cp850');
  });

  it('a forced encoding wins over detection', () => {
    const bytes = enc('Größe', 'cp437');
    expect(decodeWindowsTextDetailed(bytes, { encoding: 'CP437' })).toMatchObject({ text: 'Größe', encoding: 'cp437', method: 'forced' });
    expect(decodeWindowsText(enc('Łódź', 'cp1250'), { encoding: 'windows-1250' })).toBe('Łódź');
    expect(decodeWindowsText(Buffer.concat([Buffer.from([0xff, 0xfe]), enc('A', 'utf16le')]), { encoding: 'utf-16le' })).toBe('A');
  });

  it('an unknown forced encoding throws a RangeError; isKnownEncoding says so first', () => {
    expect(isKnownEncoding('cp850')).toBe(true);
    expect(isKnownEncoding('utf-16le')).toBe(true);
    expect(isKnownEncoding('klingon')).toBe(false);
    expect(isKnownEncoding('')).toBe(false);
    expect(() => decodeWindowsText(Buffer.from('x'), { encoding: 'klingon' })).toThrow(RangeError);
  });

  it('any bytes decode to text', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.from(Array.from({ length: (i * 7) % 61 }, (_, k) => (k * 131 + i * 17) % 256));
      expect(typeof decodeWindowsText(bytes)).toBe('string');
    }
    expect(decodeWindowsText(Buffer.alloc(0))).toBe('');
  });
});

describe('BOM and UTF-16 decoding by Node matches iconv-lite', () => {
  const prefixes: Array<[string, number[], string]> = [
    ['utf8', [0xef, 0xbb, 0xbf], 'utf8'],
    ['utf16le', [0xff, 0xfe], 'utf16le'],
    ['utf16be', [0xfe, 0xff], 'utf16be'],
  ];
  it('gives the same text for any bytes after a BOM (invalid UTF-8, odd lengths, lone surrogates, a second BOM)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.uint8Array({ maxLength: 300 }), fc.boolean(), ([, bom, cp], body, twice) => {
        const bytes = Buffer.from([...bom, ...(twice ? bom : []), ...body]);
        const d = decodeWindowsTextDetailed(bytes);
        expect(d.method).toBe('bom');
        expect(d.text).toBe(iconv.decode(bytes.length % 2 === 1 && cp !== 'utf8' ? bytes.subarray(0, bytes.length - 1) : bytes, cp));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same text for UTF-16LE found by its NUL pattern (odd lengths too)', () => {
    const ascii = fc.string({ unit: fc.constantFrom(...'abc XYZ:|+-\r\n\u00e9'), minLength: 4, maxLength: 200 });
    fc.assert(
      fc.property(ascii, fc.boolean(), (text, odd) => {
        let bytes = Buffer.from(text, 'utf16le');
        if (odd) bytes = Buffer.concat([bytes, Buffer.from([0x41])]);
        const d = decodeWindowsTextDetailed(bytes);
        expect(d.method).toBe('utf16-pattern');
        expect(d.text).toBe(iconv.decode(bytes.length % 2 === 1 ? bytes.subarray(0, bytes.length - 1) : bytes, 'utf16le'));
      }),
      { numRuns: 1000 },
    );
  });
});
