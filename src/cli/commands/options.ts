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

/** `--encoding NAME` of the commands that read dsregcmd output (checked by decodeOptionsFrom). */
export interface EncodingOptions {
  encoding?: string;
}

/** `dsregcmd parse`. */
export type DsregcmdParseOptions = EncodingOptions;

/** The formats `dsregcmd summarize` prints (commander's `--format` choices). */
export const SUMMARY_FORMATS = ['text', 'json'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

/** `dsregcmd summarize`. */
export interface DsregcmdSummarizeOptions extends EncodingOptions {
  format?: SummaryFormat;
}
