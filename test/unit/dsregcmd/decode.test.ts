import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { loadSampleBlocks } from './samples.js';
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
    expect(decodeDsregcmdBytes(Buffer.from([0xc3, 0x28, 0x41]))).toBe('Ã(A'); // not UTF-8: a legacy code page
    expect(decodeDsregcmdBytes(Buffer.from([0x41]))).toBe('A');
  });
});

describe('real captures in the encodings Windows saves them in', () => {
  const block = loadSampleBlocks().find((b) => b.header.includes('kolide/launcher#873'));
  if (!block) throw new Error('sample missing');
  const tenant = 'Müller Größe Société';
  const text = block.text.replace('TenantName : Contoso', `TenantName : ${tenant}`).replace(/\n/g, '\r\n');

  it.each([
    ['cp850 (cmd.exe > file on a German or French Windows)', iconv.encode(text, 'cp850')],
    ['cp1252 (Out-File -Encoding Default)', iconv.encode(text, 'cp1252')],
    ['UTF-16LE with BOM (Windows PowerShell 5 >)', iconv.encode(text, 'utf16le', { addBOM: true })],
    ['UTF-16LE without BOM', iconv.encode(text, 'utf16le')],
    ['UTF-8 (PowerShell 7)', iconv.encode(text, 'utf8')],
  ])('%s: TenantName keeps its letters', (_name, bytes) => {
    expect(text).toContain(tenant);
    const status = parseDsregcmdStatus(decodeDsregcmdBytes(bytes));
    expect(status.joinState).toBe('hybrid-joined');
    expect(status.tenant?.name).toBe(tenant);
  });

  it('a forced encoding is used as given', () => {
    const bytes = iconv.encode(text, 'cp850');
    expect(parseDsregcmdStatus(decodeDsregcmdBytes(bytes, { encoding: 'cp1252' })).tenant?.name).not.toBe(tenant);
    expect(parseDsregcmdStatus(decodeDsregcmdBytes(bytes, { encoding: 'cp850' })).tenant?.name).toBe(tenant);
  });
});
