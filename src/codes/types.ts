/** Where in the join flow (or after it) a code shows up. */
export type CodePhase = 'pre-check' | 'discover' | 'auth' | 'join' | 'tpm' | 'network' | 'prt' | 'other';

/** Ordered list of phases, used for grouping in docs and renderers. */
export const CODE_PHASES: readonly CodePhase[] = ['pre-check', 'discover', 'auth', 'join', 'tpm', 'network', 'prt', 'other'];

/** One entry of the error-code catalog. Pure data: renderers and correlation read it. */
export interface CodeEntry {
  /** Lower-case `0x` + 8 hex digits. */
  hex: string;
  /** Signed 32-bit view of the same value (what event logs and the docs print). */
  decimal: number;
  /** Symbolic name, or null where no public source gives one. */
  name: string | null;
  /** Other names for the same number (for example the WinHTTP name of a WinINet code). */
  aliases?: string[];
  phase: CodePhase;
  /** One sentence: what the code says went wrong. */
  meaning: string;
  /** Likely causes, most likely first. */
  causes: string[];
  /** What to do about it. */
  remedy: string;
  docUrl: string;
  /** 'microsoft' when a Microsoft document describes it, 'field' when only field reports/third parties do. */
  source: 'microsoft' | 'field';
}
