import { parse, printParseErrorCode, visit, type ParseError } from 'jsonc-parser';
import { ConfigError } from './schema.js';

/** What went wrong, in words; never the text itself (a config may hold proxy credentials). */
const REASONS: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected a colon',
  CommaExpected: 'expected a comma',
  CloseBraceExpected: 'expected a closing brace',
  CloseBracketExpected: 'expected a closing bracket',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'malformed comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'malformed \\u escape',
  InvalidEscapeCharacter: 'malformed escape in a string',
  InvalidCharacter: 'control character in a string',
};

/** Raised for text that is not JSON with comments; the message is `line L, column C: reason`. */
export class JsoncSyntaxError extends Error {}

function describe(text: string, e: ParseError): string {
  const before = text.slice(0, e.offset);
  const line = before.split('\n').length;
  const column = e.offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}: ${REASONS[printParseErrorCode(e.error)] ?? 'not JSON'}`;
}

/** A `__proto__` key would become the object's prototype instead of a key: refuse it as an unknown key. */
function rejectProtoKeys(text: string): void {
  visit(text, {
    onObjectProperty: (name, _offset, _length, _line, _column, pathSupplier) => {
      if (name !== '__proto__') return;
      const path = pathSupplier().map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
      throw new ConfigError(path ? `${path}.__proto__` : '__proto__', 'unknown key');
    },
  });
}

/**
 * Parses JSON with // and /* *\/ comments and trailing commas (what `init` writes) with jsonc-parser.
 * Pure. Throws JsoncSyntaxError at the first syntax error.
 */
export function parseJsonc(text: string): unknown {
  const errors: ParseError[] = [];
  let value: unknown;
  try {
    value = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  } catch (err) {
    // The parser recurses: a few thousand nested brackets exhaust the stack.
    if (err instanceof RangeError) throw new JsoncSyntaxError('nested too deeply');
    throw err;
  }
  const first = errors[0];
  if (first) throw new JsoncSyntaxError(describe(text, first));
  rejectProtoKeys(text);
  return value;
}
