/**
 * Bytes of a saved `dsregcmd /status` output → text. Windows tools save it as UTF-16LE with a BOM
 * (PowerShell 5 `>`), UTF-8 with or without BOM, or occasionally UTF-16 without a BOM.
 * Pure; never throws.
 */
export function decodeDsregcmdBytes(buf: Buffer | Uint8Array): string {
  const bytes = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return utf16le(bytes.subarray(2));
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return utf16be(bytes.subarray(2));
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return utf8(bytes.subarray(3));
  const guess = guessUtf16(bytes);
  if (guess === 'le') return utf16le(bytes);
  if (guess === 'be') return utf16be(bytes);
  return utf8(bytes);
}

function utf8(b: Buffer): string {
  return new TextDecoder('utf-8').decode(b);
}

function utf16le(b: Buffer): string {
  const even = b.length - (b.length % 2);
  return b.subarray(0, even).toString('utf16le');
}

function utf16be(b: Buffer): string {
  const even = b.length - (b.length % 2);
  const copy = Buffer.from(b.subarray(0, even));
  copy.swap16();
  return copy.toString('utf16le');
}

/** Mostly-ASCII UTF-16 has a NUL in every other byte: odd positions for LE, even for BE. */
function guessUtf16(b: Buffer): 'le' | 'be' | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.4 && evenNul <= pairs * 0.05) return 'le';
  if (evenNul >= pairs * 0.4 && oddNul <= pairs * 0.05) return 'be';
  return null;
}
