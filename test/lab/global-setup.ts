/**
 * vitest globalSetup: provisions and starts two Samba AD forests on loopback addresses (contoso
 * with a second DC joined to the first, without replication between them), provides their
 * description as `inject('lab')`, and stops them afterwards. Any failure throws: never skip.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { ForestKey, LabDescription } from './lab-description.js';
import { machineTmpdir } from '../support/run-tmpdir.js';
import { claimLabDir, isAlive, reapStaleLabDirs } from './stale.js';
import { type ForestSpec, type LabForest, allDcViews, dcRssKiB, dcView, joinDc, provisionForest, registerDcInDns, startDc, stopDc, writeCaBundle } from './samba.js';

const LAB_PREFIX = 'haadj-samba-lab-';

const SPECS: Record<ForestKey, Omit<ForestSpec, 'dir'>> = {
  contoso: { realm: 'contoso.test', netbios: 'CONTOSO', ip: '127.0.0.11', hostName: 'dc1', extraDcs: [{ hostName: 'dc2', ip: '127.0.0.13' }] },
  fabrikam: { realm: 'fabrikam.test', netbios: 'FABRIKAM', ip: '127.0.0.12', hostName: 'dc1' },
};

/** Machine-wide, whatever TMPDIR this run's tests use. */
const lockDir = () => join(machineTmpdir(), 'haadj-lab.lock');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lockOwner(): number {
  try { return Number(readFileSync(join(lockDir(), 'owner'), 'utf8')); } catch { return Number.NaN; }
}

/**
 * The lab uses fixed loopback addresses, so only one lab may run per machine: a lock directory
 * holding the owner's pid. Waits (bounded, LAB_LOCK_WAIT_MS, default 10 min) for a live owner;
 * takes over the lock of a dead one.
 */
async function acquireLock(): Promise<void> {
  const maxWaitMs = Number(process.env.LAB_LOCK_WAIT_MS ?? 600_000);
  const deadline = Date.now() + maxWaitMs;
  let told = false;
  for (let attempt = 0; attempt < 10_000; attempt++) {
    try {
      mkdirSync(lockDir());
      writeFileSync(join(lockDir(), 'owner'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = lockOwner();
    // No owner file yet: another run is between mkdir and write; give it a few seconds.
    const age = Date.now() - (statSync(lockDir(), { throwIfNoEntry: false })?.mtimeMs ?? 0);
    if (Number.isNaN(owner) ? age > 10_000 : !isAlive(owner)) {
      rmSync(lockDir(), { recursive: true, force: true });
      continue;
    }
    if (Date.now() >= deadline) break;
    if (!told) process.stderr.write(`[lab] waiting for the lab run of pid ${owner} to finish (${lockDir()})\n`);
    told = true;
    await sleep(1000);
  }
  throw new Error(`lab lock ${lockDir()} is held by live pid ${lockOwner()} after ${maxWaitMs} ms`);
}

function releaseLock(): void {
  if (lockOwner() === process.pid) rmSync(lockDir(), { recursive: true, force: true });
}

/** Stops the DCs of one stale lab directory (forest DC1s and joined DCs such as contoso-dc2), by their pid files. */
async function stopStaleDcs(root: string): Promise<void> {
  for (const key of readdirSync(root)) {
    const dir = join(root, key);
    const stale = { name: key, pidFile: join(dir, 'run', 'lab-dc.pid'), logFile: join(dir, 'log', 'samba.out') } as LabForest;
    if (existsSync(stale.pidFile)) await stopDc(stale);
  }
}

/** Like Promise.all, but waits for every task so that teardown never races a half-started DC. */
async function allOrThrow(tasks: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(tasks)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw failed[0]?.reason;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  await acquireLock();
  try {
    // DCs left running by an earlier, interrupted run whose owner is dead (only pids the lab recorded).
    await reapStaleLabDirs(LAB_PREFIX, stopStaleDcs);
  } catch (error) {
    releaseLock();
    throw error;
  }
  const root = mkdtempSync(join(machineTmpdir(), LAB_PREFIX));
  claimLabDir(root);
  const keys = Object.keys(SPECS) as ForestKey[];
  const forests = {} as Record<ForestKey, LabForest>;
  const timings: LabDescription['timings'] = {
    provisionMs: {} as Record<ForestKey, number>,
    startupMs: {} as Record<ForestKey, number>,
    rssKiB: {} as Record<ForestKey, number | null>,
    extraDcMs: {},
    totalMs: 0,
  };

  const teardown = async () => {
    const errors: unknown[] = [];
    for (const forest of Object.values(forests)) {
      for (const dc of allDcViews(forest).reverse()) await stopDc(dc).catch((e: unknown) => errors.push(e));
    }
    if (process.env.LAB_KEEP !== '1') rmSync(root, { recursive: true, force: true });
    releaseLock();
    if (errors.length) throw new AggregateError(errors, 'lab teardown failed');
  };

  try {
    await allOrThrow(keys.map(async (key) => {
      const t = Date.now();
      forests[key] = await provisionForest({ ...SPECS[key], dir: join(root, key) });
      timings.provisionMs[key] = Date.now() - t;
    }));
    await allOrThrow(keys.map(async (key) => {
      const forest = forests[key];
      const t = Date.now();
      await startDc(forest);
      timings.startupMs[key] = Date.now() - t;
      timings.rssKiB[key] = dcRssKiB(forest) ?? null;
      // Joined DCs, one after the other: join against DC1, then its first start while its DNS
      // records are added on DC1 (startDc waits for the SRV record naming it).
      for (const extra of forest.extraDcs) {
        const t0 = Date.now();
        await joinDc(forest, extra.key);
        const joinMs = Date.now() - t0;
        await allOrThrow([registerDcInDns(forest, extra.key), startDc(dcView(forest, extra.key))]);
        timings.extraDcMs[extra.hostName] = { joinMs, startupMs: Date.now() - t0 - joinMs };
      }
      writeCaBundle(forest);
    }));
  } catch (error) {
    await teardown().catch(() => undefined);
    throw error;
  }
  timings.totalMs = Date.now() - started;
  const lab: LabDescription = { root, forests, timings };
  project.provide('lab', lab);
  process.stderr.write(`[lab] ready in ${timings.totalMs} ms: ${JSON.stringify(timings)}\n`);
  return teardown;
}
