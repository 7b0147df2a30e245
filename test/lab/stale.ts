/**
 * Leftovers of an interrupted lab run (Ctrl-C, `kill -INT` of the test runner, a crash before
 * teardown): every lab directory records the pid of the process that owns it, and every helper
 * process it started (squid, dnsmasq) with a marker from its command line. The next run stops
 * those processes and removes the directory before it binds the same fixed loopback addresses.
 * Only processes whose command line still carries the marker are signalled, so a recycled pid is
 * never touched.
 */
import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineTmpdir } from '../support/run-tmpdir.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Marks `dir` as owned by this process (call right after creating it). */
export function claimLabDir(dir: string): void {
  writeFileSync(join(dir, 'owner'), String(process.pid));
}

/** Records a helper process of the lab in `dir`; `marker` is a string its command line contains. */
export function recordChild(dir: string, pid: number | undefined, marker: string): void {
  if (pid !== undefined) appendFileSync(join(dir, 'children'), `${pid}\t${marker}\n`);
}

function commandLine(pid: number): string | undefined {
  try { return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '); } catch { return undefined; }
}

/** SIGTERM to the process (and its group when it leads one), SIGKILL after `ms`; bounded wait. */
async function stopRecorded(pid: number, marker: string, ms = 5000): Promise<void> {
  const ours = () => commandLine(pid)?.includes(marker) === true;
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    if (!ours()) return;
    for (const target of [-pid, pid]) { try { process.kill(target, signal); } catch { /* not a group leader, or gone */ } }
    const deadline = Date.now() + ms;
    while (ours() && Date.now() < deadline) await sleep(100);
  }
  if (ours()) throw new Error(`stale lab process ${pid} (${marker}) did not stop`);
}

/**
 * Stops the recorded helpers of every `<tmpdir>/<prefix>*` directory whose owner is dead (and what
 * `stopOthers` stops there, such as Samba DCs tracked by their own pid files), then removes the
 * directory. Returns how many directories it cleaned.
 */
export async function reapStaleLabDirs(prefix: string, stopOthers?: (dir: string) => Promise<void>): Promise<number> {
  let reaped = 0;
  for (const entry of readdirSync(machineTmpdir())) {
    if (!entry.startsWith(prefix)) continue;
    const dir = join(machineTmpdir(), entry);
    let owner: number;
    try { owner = Number(readFileSync(join(dir, 'owner'), 'utf8')); } catch { continue; }
    if (isAlive(owner)) continue;
    let children = '';
    try { children = readFileSync(join(dir, 'children'), 'utf8'); } catch { /* none recorded */ }
    for (const line of children.split('\n').filter(Boolean)) {
      const [pid, marker] = line.split('\t');
      if (pid && marker) await stopRecorded(Number(pid), marker);
    }
    await stopOthers?.(dir);
    rmSync(dir, { recursive: true, force: true });
    reaped++;
  }
  return reaped;
}
