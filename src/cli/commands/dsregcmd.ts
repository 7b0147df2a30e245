import type { Command } from 'commander';

/** Placeholder until the dsregcmd parser lands: registers nothing. */
export function registerDsregcmdCommands(_program: Command): void {}
