import type { Check } from '../checks/types.js';

/**
 * Which checks verify a code, derived from the checks' `meta.codes` (the only place that links the two):
 * the catalog's "checked by", `explain`, `diagnose` and the doc pages all read this.
 */
export function verifiedByIndex(checks: readonly Check[]): ReadonlyMap<string, readonly string[]> {
  const index = new Map<string, string[]>();
  for (const check of checks) {
    for (const code of check.meta.codes) {
      const ids = index.get(code) ?? [];
      if (!ids.includes(check.meta.id)) ids.push(check.meta.id);
      index.set(code, ids);
    }
  }
  return index;
}

/** A lookup `hex → check ids` over the given registry (built once). */
export function verifiedByLookup(checks: readonly Check[]): (hex: string) => readonly string[] {
  const index = verifiedByIndex(checks);
  return (hex) => index.get(hex.toLowerCase()) ?? [];
}
