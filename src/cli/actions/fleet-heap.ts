import { setFlagsFromString } from 'node:v8';

/**
 * `dsregcmd summarize` allocates fast (the full parse of every capture) and keeps little (a compact record
 * per device). Left alone, V8 answers the allocation rate by doubling its young generation again and again
 * (to 2 × 16 MiB), and the peak RSS grows with the number of files although the live data does not
 * (measured: +31 MiB between 5,000 and 20,000 files). The young generation's maximum can only be set when
 * Node starts, but how much it grows each time is read when it grows: growth factor 1 keeps it at its
 * initial size. Measured: +18 MiB between 5,000 and 20,000 files at the same CPU time (docs/performance.md).
 * It replaces re-running the command in a second Node started with --max-semi-space-size. Only the command
 * line calls this (tests and library callers keep their process's settings); HAADJ_FLEET_SMALL_HEAP=0 turns it off.
 */
export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

/** Stops the young generation from growing for the rest of this process; false when turned off. */
export function keepYoungGenerationSmall(): boolean {
  if (process.env['HAADJ_FLEET_SMALL_HEAP'] === '0') return false;
  setFlagsFromString(YOUNG_GENERATION_FLAG);
  return true;
}
