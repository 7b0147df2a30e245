import { iconv } from '../util/iconv.js';

/**
 * Bytes of a text file saved on Windows → string. Used for `dsregcmd /status` captures,
 * `netsh winhttp show proxy` output and `reg export` files. Pure; any bytes decode to some text.
 *
 * Detection, in this order (see docs/input-encodings.md):
 *   1. a BOM (UTF-8, UTF-16LE, UTF-16BE);
 *   2. the UTF-16 NUL pattern (mostly-ASCII UTF-16 has a NUL in every other byte);
 *   3. valid UTF-8 (pure ASCII included);
 *   4. otherwise a legacy Western code page: cp850 (the OEM page `cmd.exe > file` writes on
 *      German/French/... Windows) or cp1252 (the ANSI page of `Out-File -Encoding Default`,
 *      Notepad "ANSI"), chosen by which one turns the non-ASCII bytes into letters.
 * `encoding` forces one (any name iconv-lite knows: cp437, cp852, cp1250, cp866, shift_jis, ...); an
 * unknown name is the only input that throws (a RangeError: check it first with isKnownEncoding).
 */
export interface DecodeOptions {
  encoding?: string;
}

export type DecodeMethod = 'forced' | 'bom' | 'utf16-pattern' | 'utf8' | 'legacy-guess';

export interface DecodedText {
  text: string;
  /** The encoding used, as iconv-lite names it (`utf8`, `utf16le`, `utf16be`, `cp850`, `cp1252`, ...). */
  encoding: string;
  method: DecodeMethod;
}

/** The encodings auto-detection chooses between when the bytes are neither UTF-16 nor UTF-8. First wins a tie. */
const LEGACY_CANDIDATES = ['cp850', 'cp1252'] as const;

/** True when iconv-lite can decode `name` (case and punctuation as iconv-lite accepts them). */
export function isKnownEncoding(name: string): boolean {
  return name.trim() !== '' && iconv().encodingExists(name.trim());
}

export function decodeWindowsText(bytes: Uint8Array, options: DecodeOptions = {}): string {
  return decodeWindowsTextDetailed(bytes, options).text;
}

export function decodeWindowsTextDetailed(input: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (options.encoding !== undefined) {
    const encoding = options.encoding.trim();
    if (!isKnownEncoding(encoding)) throw new RangeError(`unknown encoding "${encoding.slice(0, 40)}"`);
    return { text: iconv().decode(evenIfUtf16(bytes, encoding), encoding), encoding: encoding.toLowerCase(), method: 'forced' };
  }
  const bom = bomOf(bytes);
  if (bom) return { text: decodeUnicode(bytes, bom, true), encoding: bom, method: 'bom' };
  const utf16 = guessUtf16(bytes);
  if (utf16) return { text: decodeUnicode(bytes, utf16, false), encoding: utf16, method: 'utf16-pattern' };
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf8', method: 'utf8' };
  const legacy = guessLegacyCodePage(bytes);
  return { text: iconv().decode(bytes, legacy), encoding: legacy, method: 'legacy-guess' };
}

function bomOf(b: Buffer): 'utf8' | 'utf16le' | 'utf16be' | null {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf8';
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return 'utf16le';
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return 'utf16be';
  return null;
}

/** Replaces what is not UTF-8 (as iconv-lite does); keeps a second BOM, as iconv-lite strips only one. */
const LENIENT_UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * UTF-8 after its BOM and UTF-16LE by Node's own decoders: the same text as iconv-lite gives (which strips one
 * leading BOM), as one flat string; iconv-lite returns a slice of a longer one, which every later read of the
 * text pays for (the fleet parses tens of thousands). UTF-16BE is rare and stays with iconv-lite.
 */
function decodeUnicode(b: Buffer, encoding: 'utf8' | 'utf16le' | 'utf16be', hasBom: boolean): string {
  if (encoding === 'utf8') return LENIENT_UTF8.decode(hasBom ? b.subarray(3) : b);
  if (encoding === 'utf16be') return iconv().decode(evenIfUtf16(b, encoding), encoding);
  // (without a BOM the first code unit cannot be U+FEFF: those bytes are the BOM)
  const from = hasBom ? 2 : 0;
  return b.toString('utf16le', from, from + ((b.length - from) & ~1));
}

/** A cut-off UTF-16 file can end in half a code unit; drop it rather than print a replacement character. */
function evenIfUtf16(b: Buffer, encoding: string): Buffer {
  return /^(utf-?16|ucs-?2)/i.test(encoding) && b.length % 2 === 1 ? b.subarray(0, b.length - 1) : b;
}

/** Mostly-ASCII UTF-16 has a NUL in every other byte: odd positions for LE, even for BE. */
function guessUtf16(b: Buffer): 'utf16le' | 'utf16be' | null {
  const n = Math.min(b.length - (b.length % 2), 4096);
  if (n < 4) return null;
  const firstNul = b.indexOf(0);
  if (firstNul < 0 || firstNul >= n) return null; // no NUL at all (one native search): not UTF-16
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.4 && evenNul <= pairs * 0.05) return 'utf16le';
  if (evenNul >= pairs * 0.4 && oddNul <= pairs * 0.05) return 'utf16be';
  return null;
}

/** One strict decoder for every call (a decoder per call costs more than the decoding of a small file). */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text when the bytes are valid UTF-8 (no BOM here: a BOM was handled before), else null. Decoded once. */
function strictUtf8(b: Buffer): string | null {
  try {
    return STRICT_UTF8.decode(b);
  } catch {
    return null;
  }
}

/**
 * cp850 or cp1252 for bytes that are not UTF-8. Each non-ASCII byte is decoded both ways and
 * scored: a letter scores 1, and 1 more when it fits its word (an ASCII neighbour of the same case,
 * as in "Müller"/"MÜLLER", or a capital starting a word, as in "Ärger"); a C1 control or unmapped byte scores -2 (cp1252 leaves 0x81, 0x8D, 0x8F, 0x90, 0x9D
 * unmapped); anything else (box drawing, punctuation, maths) scores 0. The higher total wins,
 * cp850 on a tie. The two pages put the common accented letters at different places (ü is 0x81 in
 * cp850, 0xFC in cp1252), so real words separate clearly; a handful of bytes that are letters in
 * both pages (e.g. 0xE1: ß in cp850, á in cp1252) cannot be told apart alone.
 */
export function guessLegacyCodePage(b: Buffer): (typeof LEGACY_CANDIDATES)[number] {
  let best: (typeof LEGACY_CANDIDATES)[number] = LEGACY_CANDIDATES[0];
  let bestScore = -Infinity;
  for (const cp of LEGACY_CANDIDATES) {
    const score = scoreDecoding(b, cp);
    if (score > bestScore) {
      best = cp;
      bestScore = score;
    }
  }
  return best;
}

const LETTER = /\p{L}/u;
const UNUSABLE = /[\u0080-\u009f\ufffd]/;

function scoreDecoding(b: Buffer, cp: string): number {
  const sample = b.subarray(0, 64 * 1024);
  // Single-byte code pages: character i of the decoded text is byte i.
  const text = iconv().decode(sample, cp);
  let score = 0;
  for (let i = 0; i < sample.length; i++) {
    if ((sample[i] ?? 0) < 0x80) continue;
    const ch = text[i] ?? '';
    if (UNUSABLE.test(ch)) score -= 2;
    else if (LETTER.test(ch)) score += 1 + (fitsItsWord(ch, text[i - 1] ?? ' ', text[i + 1] ?? ' ') ? 1 : 0);
  }
  return score;
}

const isLower = (c: string) => c >= 'a' && c <= 'z';
const isUpper = (c: string) => c >= 'A' && c <= 'Z';

/** A letter inside a word has the case of its ASCII neighbours ("Müller", "MÜLLER"), or starts a capitalised word ("Ärger"). */
function fitsItsWord(ch: string, prev: string, next: string): boolean {
  const lower = ch !== ch.toUpperCase();
  const upper = ch !== ch.toLowerCase();
  if (lower) return isLower(prev) || isLower(next);
  if (upper) return isUpper(prev) || isUpper(next) || (!LETTER.test(prev) && isLower(next));
  return false;
}
