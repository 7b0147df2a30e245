/** Test-side entry to the Samba lab started by test/lab/global-setup.ts. */
import { inject } from 'vitest';
import type { ForestKey, LabDescription } from './lab-description.js';
import { type DcKey, type LabForest, dcPid, dcView, restartDc, startDc, stopDc } from './samba.js';

export type { ForestKey, LabDescription } from './lab-description.js';
export type { DcKey, LabDc, LabForest } from './samba.js';
export * from './scp.js';
export { DACL_SECURITY_INFORMATION, SdFlagsControl } from './sd-flags-control.js';
export { allDcViews, dcKeys, dcPid, dcView, probeDc } from './samba.js';

export function getLab(): LabDescription {
  const lab = inject('lab');
  if (!lab) throw new Error("no lab: run this file with globalSetup 'test/lab/global-setup.ts'");
  return lab;
}

export function getForest(key: ForestKey): LabForest {
  return getLab().forests[key];
}

/**
 * Stops one DC of a forest (DC1 unless `dc` names another, e.g. 'dc2') from any process (pid file
 * based); resolves once it is gone.
 */
export const stopForestDc = (forest: LabForest, dc?: DcKey): Promise<void> => stopDc(dcView(forest, dc));
/** Starts a stopped DC (detached, survives the worker) and waits until LDAPS + DNS answer. */
export const startForestDc = (forest: LabForest, dc?: DcKey): Promise<number> => startDc(dcView(forest, dc));
export const restartForestDc = (forest: LabForest, dc?: DcKey): Promise<number> => restartDc(dcView(forest, dc));
export const isDcRunning = (forest: LabForest, dc?: DcKey): boolean => dcPid(dcView(forest, dc)) !== undefined;
