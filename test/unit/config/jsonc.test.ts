import { describe, expect, it } from 'vitest';
import { stripJsonComments } from '../../../src/config/jsonc.js';

describe('stripJsonComments', () => {
  it('drops line and block comments and trailing commas, keeping strings intact', () => {
    const text = '{\n // the tenant\n "a": "x // not a comment", /* block */ "b": "say \\"/*hi*/\\"",\n "c": [1, 2,],\n}';
    expect(JSON.parse(stripJsonComments(text))).toEqual({ a: 'x // not a comment', b: 'say "/*hi*/"', c: [1, 2] });
  });
});

describe('stripJsonComments edge cases', () => {
  it('keeps ",}" inside strings and removes a trailing comma followed by a comment', () => {
    expect(JSON.parse(stripJsonComments('{"a": "x,}", "b": [1, // one\n]}'))).toEqual({ a: 'x,}', b: [1] });
  });
});
