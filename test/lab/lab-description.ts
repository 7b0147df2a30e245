import type { LabForest } from './samba.js';

export type ForestKey = 'contoso' | 'fabrikam';

/** What the global setup provides to tests (JSON-serialisable). */
export interface LabDescription {
  /** Per-run temp dir holding every forest's directory. */
  root: string;
  forests: Record<ForestKey, LabForest>;
  timings: {
    provisionMs: Record<ForestKey, number>;
    startupMs: Record<ForestKey, number>;
    rssKiB: Record<ForestKey, number | null>;
    /** Per joined DC (host name): `samba-tool domain join`, then DNS registration on DC1 + first start. */
    extraDcMs: Record<string, { joinMs: number; startupMs: number }>;
    totalMs: number;
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    lab: LabDescription;
  }
}
