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
export interface DiagnoseCommandOptions extends OutputOptions {
  dsregcmd: string;
  encoding?: string;
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
