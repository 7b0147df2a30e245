/** Test-side entry to the Samba lab started by test/lab/global-setup.ts. */
import { inject } from 'vitest';
import type { ForestKey, LabDescription } from './lab-description.js';
import { type LabForest, dcPid, restartDc, startDc, stopDc } from './samba.js';

export type { ForestKey, LabDescription } from './lab-description.js';
export type { LabForest } from './samba.js';
export * from './scp.js';
export { DACL_SECURITY_INFORMATION, SdFlagsControl } from './sd-flags-control.js';
export { dcPid, probeDc } from './samba.js';

export function getLab(): LabDescription {
  const lab = inject('lab');
  if (!lab) throw new Error("no lab: run this file with globalSetup 'test/lab/global-setup.ts'");
  return lab;
}

export function getForest(key: ForestKey): LabForest {
  return getLab().forests[key];
}

/** Stops a forest's DC from any process (pid file based); resolves once it is gone. */
export const stopForestDc = (forest: LabForest): Promise<void> => stopDc(forest);
/** Starts a stopped DC (detached, survives the worker) and waits until LDAPS + DNS answer. */
export const startForestDc = (forest: LabForest): Promise<number> => startDc(forest);
export const restartForestDc = (forest: LabForest): Promise<number> => restartDc(forest);
export const isDcRunning = (forest: LabForest): boolean => dcPid(forest) !== undefined;
