/**
 * vitest globalSetup for the network lab. Starts dnsmasq, squid and the lab endpoints once for the run and
 * stops exactly those at teardown. If a part cannot start, setup throws: the run fails, it never skips.
 */
import type { TestProject } from 'vitest/node';
import { startNetworkLab, type NetworkLabInfo, type RunningLab } from './lab.js';

declare module 'vitest' {
  export interface ProvidedContext {
    networkLab: NetworkLabInfo;
  }
}

let lab: RunningLab | undefined;

export async function setup(project: TestProject): Promise<void> {
  lab = await startNetworkLab();
  process.stderr.write(`network lab up in ${lab.info.startupMs} ms (${lab.info.dir})\n`);
  project.provide('networkLab', lab.info);
}

export async function teardown(): Promise<void> {
  await lab?.stop();
  lab = undefined;
}
