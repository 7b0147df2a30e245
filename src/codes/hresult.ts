/** Helpers for 32-bit HRESULT-style numbers. Pure. */

/** Unsigned 32-bit value → lower-case `0x` + 8 hex digits. */
export function toHex(unsigned: number): string {
  return `0x${(unsigned >>> 0).toString(16).padStart(8, '0')}`;
}

/** Lower-case hex (with or without 0x, 1–8 digits) → signed 32-bit decimal. */
export function hexToSigned(hex: string): number {
  return parseInt(hex.replace(/^0x/i, ''), 16) | 0;
}

/** Lower-case hex → unsigned 32-bit decimal. */
export function hexToUnsigned(hex: string): number {
  return parseInt(hex.replace(/^0x/i, ''), 16) >>> 0;
}

/** The facility field (bits 16–26) of an HRESULT. */
export function facilityOf(unsigned: number): number {
  return (unsigned >>> 16) & 0x7ff;
}

/** The low 16 bits (the underlying Win32 / WinINet / WinHTTP number for wrapped errors). */
export function low16Of(unsigned: number): number {
  return unsigned & 0xffff;
}

/** Normalises a hex code string (`0x801C001D`, `0x0`) to the catalog form, or null if it is not hex. */
export function normalizeHex(text: string): string | null {
  const m = /^0x([0-9a-f]{1,8})$/i.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  return toHex(parseInt(m[1], 16));
}
