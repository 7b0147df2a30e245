import { createRequire } from 'node:module';
import type IconvLite from 'iconv-lite';

let lib: typeof IconvLite | undefined;

/**
 * iconv-lite, loaded at its first use (synchronously: it is a CommonJS package). Nearly every text the tool
 * decodes is UTF-8 or UTF-16LE, which Node decodes itself, and loading iconv-lite costs ~18 ms in each thread
 * that parses: the fleet's parse workers start without it.
 */
export function iconv(): typeof IconvLite {
  return (lib ??= createRequire(import.meta.url)('iconv-lite') as typeof IconvLite);
}
