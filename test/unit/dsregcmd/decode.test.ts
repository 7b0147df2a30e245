import { describe, expect, it } from 'vitest';
import { decodeDsregcmdBytes } from '../../../src/derived/dsregcmd/decode.js';

const TEXT = '+-----+\r\n| Device State |\r\n             AzureAdJoined : YES\r\n               Device Name : PC-Più-01\r\n';

function utf16be(text: string): Buffer {
  const b = Buffer.from(text, 'utf16le');
  b.swap16();
  return b;
}

describe('decodeDsregcmdBytes', () => {
  it('UTF-16LE with BOM', () => {
    expect(decodeDsregcmdBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]))).toBe(TEXT);
  });
  it('UTF-16BE with BOM', () => {
    expect(decodeDsregcmdBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]))).toBe(TEXT);
  });
  it('UTF-8 with BOM', () => {
    expect(decodeDsregcmdBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')]))).toBe(TEXT);
  });
  it('UTF-8 without BOM, non-ASCII intact', () => {
    expect(decodeDsregcmdBytes(Buffer.from(TEXT, 'utf8'))).toBe(TEXT);
  });
  it('UTF-16LE without BOM, recognised by its NUL pattern', () => {
    expect(decodeDsregcmdBytes(Buffer.from(TEXT, 'utf16le'))).toBe(TEXT);
  });
  it('UTF-16BE without BOM', () => {
    expect(decodeDsregcmdBytes(utf16be(TEXT))).toBe(TEXT);
  });
  it('accepts a Uint8Array', () => {
    expect(decodeDsregcmdBytes(new Uint8Array(Buffer.from(TEXT, 'utf8')))).toBe(TEXT);
  });
  it('copes with empty, tiny, odd-length and invalid input', () => {
    expect(decodeDsregcmdBytes(Buffer.alloc(0))).toBe('');
    expect(decodeDsregcmdBytes(Buffer.from([0xff, 0xfe]))).toBe('');
    expect(decodeDsregcmdBytes(Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]))).toBe('A');
    expect(decodeDsregcmdBytes(Buffer.from([0xc3, 0x28, 0x41]))).toBe('\ufffd(A');
    expect(decodeDsregcmdBytes(Buffer.from([0x41]))).toBe('A');
  });
});
