import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/**
 * `dsregcmd summarize` allocates fast and keeps a little per device. Left alone, V8 answers with a young
 * generation that grows to tens of MiB, and the peak RSS grows with the number of files although the
 * live data does not (measured: +31 MiB between 5,000 and 20,000 files; with 4 MiB semi-spaces +10 MiB, at
 * the same speed). The size can only be set when Node starts, so the CLI runs the same command line once
 * more in a Node started with it. HAADJ_FLEET_RERUN=0 turns this off.
 */
export const SEMI_SPACE_MB = 4;
const FLAG = '--max-semi-space-size';

/** Re-runs the CLI's own command line with the small young generation; null when already so (or turned off). */
export function rerunWithSmallYoungGeneration(): Promise<number> | null {
  const script = process.argv[1];
  if (process.env['HAADJ_FLEET_RERUN'] === '0' || script === undefined || process.execArgv.some((a) => a.startsWith(FLAG))) return null;
  const child = spawn(process.execPath, [`${FLAG}=${SEMI_SPACE_MB}`, ...process.execArgv, script, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, HAADJ_FLEET_RERUN: '0' },
  });
  return new Promise((resolve) => {
    child.on('error', () => resolve(-1));
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 2)));
  });
}
