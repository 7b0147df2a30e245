import type { Command } from 'commander';

/** Placeholder until the code catalog lands: registers nothing. */
export function registerExplainCommand(_program: Command): void {}
