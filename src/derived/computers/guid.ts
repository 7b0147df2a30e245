/**
 * objectGUID: AD stores it as 16 bytes whose first three fields are little-endian (the Windows GUID
 * struct); its string form, the one a device writes into its certificate subject, reads them big-endian.
 */
const hex = (bytes: Uint8Array, order: number[]): string => order.map((i) => (bytes[i] ?? 0).toString(16).padStart(2, '0')).join('');

/** 16 bytes → `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx` (lower case); undefined for any other length. */
export function objectGuidToString(bytes: Uint8Array): string | undefined {
  if (bytes.length !== 16) return undefined;
  return [hex(bytes, [3, 2, 1, 0]), hex(bytes, [5, 4]), hex(bytes, [7, 6]), hex(bytes, [8, 9]), hex(bytes, [10, 11, 12, 13, 14, 15])].join('-');
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;

/** A GUID string with or without braces, any case → lower case without braces; undefined when not a GUID. */
export function normalizeGuid(text: string): string | undefined {
  return GUID.exec(text.trim())?.[1]?.toLowerCase();
}
