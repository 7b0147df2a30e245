/**
 * Removes // and /* *\/ comments and trailing commas outside strings, so configs written by
 * `init` (JSON with comments) parse with JSON.parse. Pure; leaves string contents untouched.
 */
const CLOSE_AHEAD = /\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*[}\]]/y;

function followedByClose(text: string, from: number): boolean {
  CLOSE_AHEAD.lastIndex = from;
  return CLOSE_AHEAD.test(text);
}

export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const ch = text[i] as string;
    const next = text[i + 1];
    if (inString) {
      out += ch;
      if (ch === '\\' && next !== undefined) {
        out += next;
        i += 2;
        continue;
      }
      if (ch === '"') inString = false;
      i++;
      continue;
    }
    if (ch === '"') {
      inString = true;
      out += ch;
      i++;
    } else if (ch === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (ch === ',' && followedByClose(text, i + 1)) {
      i++; // trailing comma
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}
