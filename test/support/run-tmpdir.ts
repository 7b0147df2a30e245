/**
 * vitest globalSetup (first in each project): every temporary file the tests and the CLIs they spawn
 * create goes into one directory for this run, removed at teardown, so runs leave nothing in /tmp.
 * The labs keep their machine-wide state (lock, lab directories that a later run must be able to
 * reap) in the machine's temp directory: see machineTmpdir().
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { claimLabDir, reapStaleLabDirs } from '../lab/stale.js';

export const MACHINE_TMPDIR_ENV = 'HAADJ_MACHINE_TMPDIR';
const RUN_PREFIX = 'haadj-run-';

/** The temp directory shared by every run on this machine (the lab lock and lab directories live there). */
export function machineTmpdir(): string {
  return process.env[MACHINE_TMPDIR_ENV] ?? tmpdir();
}

export default async function setup(): Promise<() => void> {
  const machine = machineTmpdir();
  process.env[MACHINE_TMPDIR_ENV] = machine;
  // The run directory of a run killed before its teardown (its owner is dead) goes now.
  await reapStaleLabDirs(RUN_PREFIX);
  const runDir = mkdtempSync(join(machine, RUN_PREFIX));
  claimLabDir(runDir);
  const previous = process.env['TMPDIR'];
  process.env['TMPDIR'] = runDir;
  return () => {
    if (previous === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = previous;
    rmSync(runDir, { recursive: true, force: true });
  };
}
