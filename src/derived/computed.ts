/**
 * Computed artifacts: a view derived from one artifact object is computed once per run and shared by
 * every check that asks for it (like Lighthouse's computed artifacts). The cache is keyed by the input
 * object itself (a WeakMap), so it lives exactly as long as the artifacts do; artifacts are never
 * modified once gathered or loaded, which is what makes the sharing safe.
 */

/** How many times each named view was asked for, and how many times it was really computed (the test that proves the sharing reads them). */
export const askCounts = new Map<string, number>();
export const computeCounts = new Map<string, number>();

/** Wraps a pure derivation so that each input object is derived once. */
export function computed<K extends object, V>(name: string, derive: (input: K) => V): (input: K) => V {
  const cache = new WeakMap<K, V>();
  return (input: K): V => {
    askCounts.set(name, (askCounts.get(name) ?? 0) + 1);
    if (cache.has(input)) return cache.get(input) as V;
    computeCounts.set(name, (computeCounts.get(name) ?? 0) + 1);
    const value = derive(input);
    cache.set(input, value);
    return value;
  };
}
