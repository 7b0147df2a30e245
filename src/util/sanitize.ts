/**
 * Untrusted text (values from AD, the network or user files) made safe for a terminal:
 * C0/C1 control characters, DEL and bidi overrides become visible escapes, so an SCP keyword
 * cannot move the cursor, recolour the screen or hide text.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Like sanitizeForTerminal but also escapes newlines and tabs, for single-line fields. */
export function sanitizeInline(text: string): string {
  return sanitizeForTerminal(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}

/**
 * JSON text whose strings may hold DEL, C1 controls, line/paragraph separators or bidi overrides
 * (JSON.stringify leaves them raw): re-escapes them as \uXXXX, which parses back to the same value,
 * so machine output shown on a terminal cannot act on it. Apply to JSON.stringify output only.
 */
const JSON_UNSAFE = /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
export function escapeJsonUnsafe(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Escapes text for HTML element content and attribute values; control characters and bidi overrides become visible escapes first. */
export function escapeHtml(text: string): string {
  return sanitizeForTerminal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
