import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../../../src/config/jsonc.js';

describe('parseJsonc', () => {
  it('drops line and block comments and trailing commas, keeping strings intact', () => {
    const text = '{\n // the tenant\n "a": "x // not a comment", /* block */ "b": "say \\"/*hi*/\\"",\n "c": [1, 2,],\n}';
    expect(parseJsonc(text)).toEqual({ a: 'x // not a comment', b: 'say "/*hi*/"', c: [1, 2] });
  });
});

describe('parseJsonc edge cases', () => {
  it('keeps ",}" inside strings and removes a trailing comma followed by a comment', () => {
    expect(parseJsonc('{"a": "x,}", "b": [1, // one\n]}')).toEqual({ a: 'x,}', b: [1] });
  });
});
