import type { ComputerRecord, InventoryArtifact, InventoryDomain } from '../../artifacts/inventory.js';
import type { Artifacts } from '../../artifacts/types.js';
import { InventoryAggregator, type InventorySummary } from './aggregate.js';
import type { CloudStatus } from '../cloud.js';
import { judgeComputer, type ComputerVerdict, type EnvironmentHint } from './judge.js';

/** Looks a computer up in the cloud half (cloudStatusFor over its index); absent = cloud not queried. */
export type CloudLookup = (objectGuid: string) => CloudStatus | null;

export interface InventoryJudgeOptions {
  /** The run's clock: the artifacts' collectedAt. */
  collectedAt: string;
  /** Per forest (lower-case name): what its SCP/network findings say. */
  environment?: Map<string, EnvironmentHint>;
  cloud?: CloudLookup;
  /** The cloud was queried but its device list could not be read (the failure, one line): no computer is judged "not in the cloud". */
  cloudFailure?: string;
  /** Computers needing attention kept for the summary, at most this many (default 200). */
  attentionLimit?: number;
}

const ATTENTION: ReadonlySet<string> = new Set(['blocked', 'not-started']);

/**
 * Judges computers one at a time and aggregates them: memory holds counts and a bounded list of
 * computers needing attention, never every computer.
 */
export class InventoryJudge {
  private readonly defaultNowMs: number;
  private readonly aggregator = new InventoryAggregator();
  readonly attention: ComputerVerdict[] = [];
  attentionOmitted = 0;

  constructor(private readonly options: InventoryJudgeOptions) {
    this.defaultNowMs = Date.parse(options.collectedAt);
    if (Number.isNaN(this.defaultNowMs)) throw new Error(`collectedAt ${options.collectedAt} is not a time`);
  }

  declareForest(forest: string, inventory: InventoryArtifact): void {
    this.aggregator.declareForest(forest, inventory.domains.map(domainName));
  }

  /** Judges one computer against the clock of its inventory read (replayed from a bundle: the same clock). */
  judge(forest: string, inventory: Pick<InventoryArtifact, 'staleDays' | 'syncScope' | 'collectedAt'>, domain: InventoryDomain | string, record: ComputerRecord): ComputerVerdict {
    const at = Date.parse(inventory.collectedAt);
    const environment = this.options.environment?.get(forest.toLowerCase());
    const ctx = {
      forest,
      domain: typeof domain === 'string' ? domain : domainName(domain),
      nowMs: Number.isNaN(at) ? this.defaultNowMs : at,
      staleDays: inventory.staleDays,
      ...(inventory.syncScope ? { syncScope: inventory.syncScope } : {}),
      ...(environment ? { environment } : {}),
    };
    const cloud = this.options.cloud && record.objectGuid ? this.options.cloud(record.objectGuid) : undefined;
    const verdict = judgeComputer(record, ctx, cloud);
    if (this.options.cloudFailure && !this.options.cloud) {
      verdict.cloudUnread = this.options.cloudFailure;
      verdict.notes.push(`cloud: not read (${this.options.cloudFailure}): judged from the directory alone`);
    }
    this.aggregator.add(verdict);
    if (ATTENTION.has(verdict.verdict)) {
      if (this.attention.length < (this.options.attentionLimit ?? 200)) this.attention.push(verdict);
      else this.attentionOmitted++;
    }
    return verdict;
  }

  summary(): InventorySummary {
    return this.aggregator.summary();
  }
}

export const domainName = (d: Pick<InventoryDomain, 'dnsRoot' | 'nc'>): string => d.dnsRoot ?? d.nc;

/** Judges every computer a bundle kept (gather → evaluate), forest by forest, calling `each` per verdict. */
export function judgeArtifacts(artifacts: Pick<Artifacts, 'collectedAt' | 'forests'>, options: Omit<InventoryJudgeOptions, 'collectedAt'> = {}, each?: (v: ComputerVerdict) => void): InventoryJudge {
  const judge = new InventoryJudge({ ...options, collectedAt: artifacts.collectedAt });
  for (const forest of artifacts.forests) {
    const inventory = forest.inventory;
    if (!inventory) continue;
    judge.declareForest(forest.name, inventory);
    // Longest naming context first: a child domain's DN also ends with its parent's.
    const domains = [...inventory.domains].sort((a, b) => b.nc.length - a.nc.length);
    for (const record of inventory.computers ?? []) {
      const dn = record.dn.toLowerCase();
      const domain = domains.find((d) => dn === d.nc.toLowerCase() || dn.endsWith(`,${d.nc.toLowerCase()}`));
      const v = judge.judge(forest.name, inventory, domain ?? forest.name, record);
      each?.(v);
    }
  }
  return judge;
}
