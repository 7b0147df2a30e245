/** commander parser for repeatable, comma-separated options (`--only a,b --only c`). */
export function commaList(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** What the report options of a command parse into (see addReportOptions). */
export interface OutputOptions {
  format?: string;
  output?: string;
  verbose?: boolean;
}

export interface SelectionOptions {
  only?: string[];
  skip?: string[];
}

/** One forest as flags (`scp --forest ...`), instead of a config file. */
export interface ForestFlagOptions {
  forest?: string;
  server?: string[];
  dnsServer?: string[];
  tls?: 'ldaps' | 'starttls' | 'plain';
  caFile?: string;
  bindDn?: string;
  passwordEnv?: string;
  passwordFile?: string;
  tenantId?: string;
  tenantName?: string;
  timeout?: number;
}

/** `check`, `scp`, `probe`. */
export interface ReportCommandOptions extends OutputOptions, SelectionOptions, ForestFlagOptions {
  config?: string;
  strict?: boolean;
}

/** `gather`. */
export interface GatherCommandOptions extends SelectionOptions {
  config: string;
  output: string;
}

/** `diagnose`. */
export interface DiagnoseCommandOptions extends OutputOptions, EncodingOptions {
  dsregcmd: string;
  reg?: string;
  config?: string;
  forest?: string;
}

/** `init`. */
export interface InitCommandOptions {
  output: string;
  tenantId?: string;
  tenantName?: string;
  forest?: string[];
  bindDn?: string;
  force?: boolean;
}

/** `--encoding NAME` of the commands that read dsregcmd output (checked by decodeOptionsFrom). */
export interface EncodingOptions {
  encoding?: string;
}

/** `dsregcmd parse`. */
export type DsregcmdParseOptions = EncodingOptions;

/** The formats `dsregcmd summarize` prints (commander's `--format` choices): the keys of the fleet reporter map. */
export { FLEET_FORMATS as SUMMARY_FORMATS, type FleetFormat as SummaryFormat } from '../../report/fleet-formats.js';
import type { FleetFormat } from '../../report/fleet-formats.js';

/** `dsregcmd summarize`. */
export interface DsregcmdSummarizeOptions extends EncodingOptions {
  format?: FleetFormat;
  /** A saved `check --format json` report or a `gather` bundle: ties the devices to the environment's findings. */
  report?: string;
  output?: string;
}
