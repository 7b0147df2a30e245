import type { Reason } from './reasons.js';
import { VERDICTS, type ComputerVerdict, type Verdict } from './judge.js';
import type { SyncScopeVerdict } from './scope.js';

/** Counts by verdict and by reason: what the summary, a forest and an OU each carry. */
export interface Counts {
  total: number;
  byVerdict: Record<Verdict, number>;
  byReason: Partial<Record<Reason, number>>;
}

export interface OuCounts extends Counts {
  ou: string;
  /** The OU's sync scope: the one its computers share, `mixed` if they differ (a rule on a computer itself). */
  syncScope: SyncScopeVerdict | 'mixed';
}

export interface DomainCounts extends Counts {
  domain: string;
}

export interface ForestCounts extends Counts {
  forest: string;
  domains: DomainCounts[];
  ous: OuCounts[];
}

export interface InventorySummary extends Counts {
  forests: ForestCounts[];
}

export function emptyCounts(): Counts {
  return { total: 0, byVerdict: Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>, byReason: {} };
}

function add(counts: Counts, v: ComputerVerdict): void {
  counts.total++;
  counts.byVerdict[v.verdict]++;
  for (const r of v.reasons) counts.byReason[r] = (counts.byReason[r] ?? 0) + 1;
}

interface ForestAcc {
  counts: Counts;
  domains: Map<string, Counts>;
  ous: Map<string, { counts: Counts; scope: SyncScopeVerdict | 'mixed' }>;
}

/**
 * Streams verdicts into counts: memory grows with the number of forests, domains and OUs, never with
 * the number of computers.
 */
export class InventoryAggregator {
  private readonly total = emptyCounts();
  private readonly forests = new Map<string, ForestAcc>();

  /** Forests known before any computer is read (a forest with none still shows). */
  declareForest(forest: string, domains: string[] = []): void {
    const acc = this.forestAcc(forest);
    for (const d of domains) if (!acc.domains.has(d)) acc.domains.set(d, emptyCounts());
  }

  private forestAcc(forest: string): ForestAcc {
    let acc = this.forests.get(forest);
    if (!acc) {
      acc = { counts: emptyCounts(), domains: new Map(), ous: new Map() };
      this.forests.set(forest, acc);
    }
    return acc;
  }

  add(v: ComputerVerdict): void {
    add(this.total, v);
    const acc = this.forestAcc(v.forest);
    add(acc.counts, v);
    let domain = acc.domains.get(v.domain);
    if (!domain) acc.domains.set(v.domain, (domain = emptyCounts()));
    add(domain, v);
    const key = v.ou.toLowerCase();
    let ou = acc.ous.get(key);
    if (!ou) acc.ous.set(key, (ou = { counts: Object.assign(emptyCounts(), { ou: v.ou }), scope: v.syncScope }));
    else if (ou.scope !== v.syncScope) ou.scope = 'mixed';
    add(ou.counts, v);
  }

  /** Forests, domains and OUs in name order (deterministic whatever the order read). */
  summary(): InventorySummary {
    const forests = [...this.forests.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([forest, acc]): ForestCounts => ({
      forest,
      ...acc.counts,
      domains: [...acc.domains.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([domain, c]) => ({ domain, ...c })),
      ous: [...acc.ous.values()]
        .map(({ counts, scope }) => ({ ...(counts as OuCounts), syncScope: scope }))
        .sort((a, b) => a.ou.toLowerCase().localeCompare(b.ou.toLowerCase())),
    }));
    return { ...this.total, forests };
  }
}
