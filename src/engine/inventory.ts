import type { Finding } from './report.js';
import type { EnvironmentHint } from '../derived/computers/judge.js';

/** Checks that judge the computer inventory itself: never an explanation of why a device has not started. */
const INVENTORY_CHECKS = new Set(['computer-sync-readiness']);

/**
 * Per forest (lower-case name): the SCP and network checks that failed or errored, i.e. what would
 * keep a device from starting its join. Network findings (not tied to a forest) count for every forest.
 */
export function environmentHints(findings: readonly Finding[], forests: readonly string[]): Map<string, EnvironmentHint> {
  const network = [...new Set(findings.filter((f) => !f.forest && (f.status === 'fail' || f.status === 'error') && !INVENTORY_CHECKS.has(f.check)).map((f) => f.check))];
  const hints = new Map<string, EnvironmentHint>();
  for (const forest of forests) {
    const own = findings.filter((f) => f.forest?.toLowerCase() === forest.toLowerCase() && (f.status === 'fail' || f.status === 'error') && !INVENTORY_CHECKS.has(f.check)).map((f) => f.check);
    hints.set(forest.toLowerCase(), { blockers: [...new Set([...own, ...network])] });
  }
  return hints;
}
