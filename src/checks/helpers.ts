import type { ForestArtifact } from '../artifacts/types.js';
import { dcViews, referenceDc, whyUnobserved, type DcView, type ObservedDc } from '../derived/forest-view.js';
import type { CheckInput, CheckResult } from './types.js';

/** Runs `judge` for every forest that has a DC which answered fully; other forests get an `error` result. */
export function perObservedForest(
  artifacts: CheckInput<'forests'>,
  judge: (forest: ForestArtifact, dc: ObservedDc) => CheckResult | CheckResult[],
): CheckResult[] {
  return artifacts.forests.flatMap((forest) => {
    const dc = referenceDc(forest);
    if (!dc) return [{ status: 'error' as const, forest: forest.name, server: null, message: whyUnobserved(forest) }];
    const results = judge(forest, dc);
    return (Array.isArray(results) ? results : [results]).map((r) => ({ forest: forest.name, server: dc.host, ...r }));
  });
}

/** Runs `judge` for every DC of every forest. */
export function perDc(artifacts: CheckInput<'forests'>, judge: (dc: DcView, forest: ForestArtifact) => CheckResult): CheckResult[] {
  return artifacts.forests.flatMap((forest) => dcViews(forest).map((dc) => ({ forest: forest.name, server: dc.host, ...judge(dc, forest) })));
}
