import { describe, expect, it } from 'vitest';
import { JsoncSyntaxError, parseJsonc } from '../../../src/config/jsonc.js';

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

describe('parseJsonc errors', () => {
  it.each([
    ['', 'line 1, column 1: expected a value'],
    ['{\n  "forests": [\n    {"name": "a.com"} x\n  ]\n}', 'line 3, column 23: unexpected character'],
    ['{\n  "a": 1\n  "b": 2\n}', 'line 3, column 3: expected a comma'],
    ['{"a": 1}}', 'line 1, column 9: unexpected text after the end of the JSON value'],
    ['{"a": "x', 'line 1, column 7: unterminated string'],
  ])('%j → %s', (text, message) => {
    expect(() => parseJsonc(text)).toThrow(new JsoncSyntaxError(message));
  });

  it('never quotes the text around the error', () => {
    expect(() => parseJsonc('{"proxies": ["http://alice:Pw-9x@proxy:3128" "direct"]}')).toThrow(/^line 1, column 46: expected a comma$/);
  });

  it('refuses a __proto__ key as an unknown key instead of replacing the prototype', () => {
    expect(() => parseJsonc('{"forests": [{"name": "a.com", "__proto__": {"bindDn": "x"}}]}')).toThrow('config: forests[0].__proto__: unknown key');
  });
});

describe('parseJsonc limits', () => {
  it('reports nesting that exhausts the parser as a syntax error, not a crash', () => {
    const depth = 200_000;
    expect(() => parseJsonc(`{"a": ${'['.repeat(depth)}${']'.repeat(depth)}}`)).toThrow(new JsoncSyntaxError('nested too deeply'));
  });
});
