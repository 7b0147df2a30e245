import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDsregcmdBytes } from '../../../src/derived/dsregcmd/decode.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { fullSample } from './samples.js';

const JOIN_STATES = ['hybrid-joined', 'entra-joined', 'entra-registered', 'enterprise-joined', 'domain-joined', 'workgroup', 'unknown'];
const BORDER = `+${'-'.repeat(70)}+`;

function assertWellFormed(text: string): void {
  const r = parseDsregcmdStatus(text);
  expect(JOIN_STATES).toContain(r.joinState);
  expect([null, 'pre-check', 'discover', 'auth', 'join']).toContain(r.errorPhase);
  if (r.clientErrorCode !== null) expect(r.clientErrorCode).toMatch(/^0x[0-9a-f]{8}$/);
  for (const c of r.codes) expect(c).toMatch(/^0x[0-9a-f]{8}$/);
  expect(() => JSON.stringify(r)).not.toThrow();
}

/** Bits of real output plus structure characters, shuffled into arbitrary text. */
const TOKENS = [
  ...fullSample().split('\n').slice(0, 60),
  BORDER, '|', '| Device State', ' : ', ':', ': :', 'YES', 'NO', 'FAIL [', ']', '0x', '/', '[ ', ' -- ', ' UTC', '\r\n', '\n', '\r',
  '\t', ' ', '\u0000', '\ufeff', '__proto__', 'constructor', 'C:\\>', '&gt;', '```', 'é', '😀',
];

describe('parser properties', () => {
  it('never throws on arbitrary strings (any code units)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), assertWellFormed), { numRuns: 500 });
  });

  it('never throws on arbitrary unicode text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), assertWellFormed), { numRuns: 300 });
  });

  it('never throws on shuffled pieces of real output', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }), (parts) => assertWellFormed(parts.join(''))),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes through the decoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const text = decodeDsregcmdBytes(Buffer.from(bytes));
        expect(typeof text).toBe('string');
        assertWellFormed(text);
      }),
      { numRuns: 300 },
    );
  });

  // ── round trip ────────────────────────────────────────────────────────────────────────────
  const letter = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
  const nameChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 -');
  const fieldName = fc
    .tuple(letter, fc.string({ unit: nameChar, maxLength: 24 }))
    .map(([first, rest]) => `${first}${rest}`.replace(/\s+/g, ' ').trim())
    .filter((n) => !/^(https status|http status|workaccountcount)$/i.test(n) && !/test$/i.test(n));
  // Lower-case text, digits and punctuation: nothing the typer would turn into a boolean,
  // code, timestamp, validity range or number.
  const valueChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwyz0123456789 .,-_/=:(){}@#%+');
  const fieldValue = fc
    .string({ unit: valueChar, maxLength: 50 })
    .map((v) => v.trim())
    .filter((v) => !v.startsWith(':') && !/^\d+$/.test(v) && !/\bcode:?\s*0x/i.test(v));
  const title = fc
    .tuple(letter, fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '), maxLength: 40 }))
    .map(([first, rest]) => `${first}${rest}`.replace(/\s+/g, ' ').trim());
  const section = fc.record({
    title,
    fields: fc.uniqueArray(fc.tuple(fieldName, fieldValue), { selector: ([n]) => n, minLength: 1, maxLength: 15 }),
    legacy: fc.boolean(),
  });

  function render(s: { title: string; fields: Array<[string, string]>; legacy: boolean }): string {
    const width = Math.max(...s.fields.map(([n]) => n.length)) + 1;
    const lines = [BORDER, `| ${s.title.padEnd(68)} |`, BORDER, ''];
    for (const [n, v] of s.fields) {
      const sep = s.legacy ? ':' : ' :';
      lines.push(`${n.padStart(width)}${sep}${v === '' ? '' : ` ${v}`}`);
    }
    lines.push('');
    return lines.join('\n');
  }

  it('reads back randomly generated boxed sections field for field', () => {
    fc.assert(
      fc.property(fc.uniqueArray(section, { selector: (s) => s.title, minLength: 1, maxLength: 4 }), fc.boolean(), (sections, crlf) => {
        let text = sections.map(render).join('\n');
        if (crlf) text = text.replace(/\n/g, '\r\n');
        const r = parseDsregcmdStatus(text);
        expect(Object.keys(r.sections)).toEqual(sections.map((s) => s.title));
        for (const s of sections) expect(r.sections[s.title]).toEqual(Object.fromEntries(s.fields));
      }),
      { numRuns: 300 },
    );
  });
});
