import type { DsregcmdStatus } from './types.js';

/** Devices that share one value (a join state, an error phase or a client error code). */
export interface Bucket {
  count: number;
  devices: string[];
}

export interface DsregcmdSummary {
  /** Outputs looked at: parsed ones plus unreadable ones. */
  total: number;
  parsed: number;
  byJoinState: Record<string, Bucket>;
  /** `none` for outputs without an Error Phase. */
  byErrorPhase: Record<string, Bucket>;
  /** `none` for outputs without a Client ErrorCode. */
  byClientErrorCode: Record<string, Bucket>;
  /** Inputs that could not be read (never a crash). */
  errors: Array<{ file: string; message: string }>;
}

export const NONE = 'none';

export function emptySummary(): DsregcmdSummary {
  return { total: 0, parsed: 0, byJoinState: {}, byErrorPhase: {}, byClientErrorCode: {}, errors: [] };
}

function addTo(buckets: Record<string, Bucket>, key: string, device: string): Record<string, Bucket> {
  const prev = buckets[key];
  return { ...buckets, [key]: { count: (prev?.count ?? 0) + 1, devices: [...(prev?.devices ?? []), device] } };
}

/** Pure reducer: a new summary with one more parsed output. The input summary is not changed. */
export function addToSummary(
  summary: DsregcmdSummary,
  deviceName: string,
  parsed: Pick<DsregcmdStatus, 'joinState' | 'errorPhase' | 'clientErrorCode'>,
): DsregcmdSummary {
  return {
    ...summary,
    total: summary.total + 1,
    parsed: summary.parsed + 1,
    byJoinState: addTo(summary.byJoinState, parsed.joinState, deviceName),
    byErrorPhase: addTo(summary.byErrorPhase, parsed.errorPhase ?? NONE, deviceName),
    byClientErrorCode: addTo(summary.byClientErrorCode, parsed.clientErrorCode ?? NONE, deviceName),
  };
}

/** Pure reducer: a new summary with one more unreadable input. */
export function addErrorToSummary(summary: DsregcmdSummary, file: string, message: string): DsregcmdSummary {
  return { ...summary, total: summary.total + 1, errors: [...summary.errors, { file, message }] };
}

function sortBuckets(buckets: Record<string, Bucket>): Record<string, Bucket> {
  const entries = Object.entries(buckets).sort(([ka, a], [kb, b]) => b.count - a.count || (ka < kb ? -1 : ka > kb ? 1 : 0));
  return Object.fromEntries(entries.map(([k, b]) => [k, { count: b.count, devices: [...b.devices].sort(compare) }]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Deterministic order, whatever order the files finished in: buckets by count (desc) then key,
 * device names and errors sorted.
 */
export function finalizeSummary(summary: DsregcmdSummary): DsregcmdSummary {
  return {
    ...summary,
    byJoinState: sortBuckets(summary.byJoinState),
    byErrorPhase: sortBuckets(summary.byErrorPhase),
    byClientErrorCode: sortBuckets(summary.byClientErrorCode),
    errors: [...summary.errors].sort((a, b) => compare(a.file, b.file) || compare(a.message, b.message)),
  };
}
