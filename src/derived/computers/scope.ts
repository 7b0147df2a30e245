import type { SyncScopeSettings } from '../../artifacts/inventory.js';
import { dnDepth, isWithin } from './dn.js';

export type SyncScopeVerdict = 'in' | 'out' | 'unknown';

/**
 * Entra Connect's OU filtering as configured: the most specific rule that contains the object wins
 * (an excluded OU inside an included one is out; an included OU inside an excluded one is in). With
 * includes given, an object under none of them is out; with only excludes, an object under none is in.
 * No scope configured: unknown, and not judged.
 */
export function syncScopeOf(dn: string, scope: SyncScopeSettings | undefined): SyncScopeVerdict {
  if (!scope || (scope.include.length === 0 && scope.exclude.length === 0)) return 'unknown';
  let best: { depth: number; rule: 'in' | 'out' } | undefined;
  const consider = (containers: string[], rule: 'in' | 'out') => {
    for (const container of containers) {
      if (!isWithin(dn, container)) continue;
      const depth = dnDepth(container);
      // On a tie (the same container both included and excluded) the exclusion wins: never claim "in" on a contradiction.
      if (!best || depth > best.depth || (depth === best.depth && rule === 'out')) best = { depth, rule };
    }
  };
  consider(scope.include, 'in');
  consider(scope.exclude, 'out');
  if (best) return best.rule;
  return scope.include.length > 0 ? 'out' : 'in';
}
