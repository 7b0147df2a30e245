/**
 * The Error Phase dsregcmd prints (`pre-check`, `discover`, `auth`, `join`), or `none` for codes that
 * show up outside the join flow (after the join, in sign-in, in WinHTTP proxy handling).
 */
export type CodePhase = 'pre-check' | 'discover' | 'auth' | 'join' | 'none';

/** Ordered list of phases, used for grouping in docs and renderers. */
export const CODE_PHASES: readonly CodePhase[] = ['pre-check', 'discover', 'auth', 'join', 'none'];

/**
 * What a code is about, across phases (not a phase): WinINet/WinHTTP network numbers, TPM and key
 * errors, Primary Refresh Token (sign-in) codes, Windows Hello / MDM enrolment codes.
 */
export type CodeArea = 'network' | 'tpm' | 'prt' | 'hello';

export const CODE_AREAS: readonly CodeArea[] = ['network', 'tpm', 'prt', 'hello'];

/**
 * Where the description of a code comes from: 'microsoft' when a Microsoft document describes it in this
 * role, 'field' when only field reports or third parties do, 'inferred' when the link between the code
 * and the causes we check is our own reasoning (no source shows it).
 */
export type CodeSource = 'microsoft' | 'field' | 'inferred';

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
  /** The phase the sources list the code under (the first one, when they list it under several). */
  phase: CodePhase;
  /** Further phases the sources list the same number under. */
  alsoIn?: CodePhase[];
  area?: CodeArea;
  /** One sentence: what the code says went wrong. */
  meaning: string;
  /** Likely causes, most likely first. */
  causes: string[];
  /** What to do about it. */
  remedy: string;
  docUrl: string;
  source: CodeSource;
}
