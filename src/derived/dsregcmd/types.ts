/** The model `dsregcmd /status` text is parsed into. Also the JSON printed by `dsregcmd parse`. */

export type JoinState =
  | 'hybrid-joined'
  | 'entra-joined'
  | 'entra-registered'
  | 'enterprise-joined'
  | 'domain-joined'
  | 'workgroup'
  | 'unknown';

export type ErrorPhase = 'pre-check' | 'discover' | 'auth' | 'join';

/**
 * Who ran the diagnostics: `system` (an elevated run: tests ran as SYSTEM, the context that really
 * joins), `elevated` (ELEVATED User), `un-elevated` (UN-ELEVATED User). null when the output does not say.
 */
export type RunContext = 'system' | 'elevated' | 'un-elevated';

/** A test line such as `FAIL [0x801c0021/0x80072ee2]`, `PASS`, `ERROR (0xd0020017)`. */
export interface TestResult {
  result: string;
  /** Lower-case 0x + 8 hex digits, in printed order (top-level first, then the sub-code). */
  codes: string[];
  /** Bracketed text that is not a code, e.g. `UNKNOWN_ERROR`. */
  detail?: string;
}

/** Certificate validity `[ from -- to ]`, both ISO-8601 when they parse, else as printed. */
export interface Validity {
  from: string;
  to: string;
}

/** A field value: YES/NO → boolean, test results, validity ranges, known numeric fields → number, else a string (timestamps as ISO-8601). */
export type FieldValue = string | boolean | number | TestResult | Validity;

export type Sections = Record<string, Record<string, FieldValue>>;

export type DiagnosticKey =
  | 'adConnectivity'
  | 'adConfiguration'
  | 'drsDiscovery'
  | 'drsConnectivity'
  | 'kerberosTicket'
  | 'tokenAcquisition'
  | 'keySign';

/** A code printed where it is no registration error (e.g. WPAD found no PAC); kept out of `codes`. */
export interface InformationalCode {
  section: string;
  field: string;
  code: string;
  note: string;
  /** Key of the source in the facts file ([S29] = real captures). */
  source: string;
}

/** What the service answered, as printed (bounded), and what the tool recognises in it. */
export interface ServerResponse {
  /** `Server ErrorCode` (Diagnostic Data) or `Server Error Code` (SSO State), e.g. `DirectoryError`, `invalid_grant`. */
  errorCode: string | null;
  /** `Server Message` / `Server Error Description`, re-joined when dsregcmd wrapped it; at most 500 characters. */
  message: string | null;
  /** `Https Status` / `HTTP status`. */
  httpStatus: number | null;
  /** The AADSTS code in the message, if any. */
  aadsts: string | null;
  /** The entry of src/codes/server-messages.ts the message matched; null when none did. */
  explanation: { id: string; meaning: string; cause: string; fix: string; source: string } | null;
}

export interface DsregcmdStatus {
  joinState: JoinState;
  errorPhase: ErrorPhase | null;
  /** `Client ErrorCode`, normalised; null when absent or zero. */
  clientErrorCode: string | null;
  /** `Server ErrorCode` as printed (e.g. `DirectoryError`); null when absent or empty. */
  serverErrorCode: string | null;
  /** The registration service's answer from Diagnostic Data (`Server ErrorCode`, `Server Message`, `Https Status`); null when none is printed. */
  server: ServerResponse | null;
  /** The sign-in service's answer to the last PRT attempt (SSO State `Server Error Code`/`Server Error Description`/`HTTP status`); null when none. */
  prtServer: ServerResponse | null;
  context: RunContext | null;
  /** `modern` = `Name : value` in boxed sections; `legacy` = Windows 10 1607-era `Name: value`; `unknown` = no fields found. */
  layout: 'modern' | 'legacy' | 'unknown';
  deviceName: string | null;
  deviceId: string | null;
  tenant: { id: string | null; name: string | null } | null;
  /** The Diagnostic Data tests that were printed. */
  diagnostics: Partial<Record<DiagnosticKey, TestResult>>;
  /** Every error code seen in tests, Client ErrorCode and Attempt Status, de-duplicated, in order of appearance; known-harmless ones are in `notes`. */
  codes: string[];
  /** Codes printed in places where they are not the device's errors; only present when there are some. */
  notes?: InformationalCode[];
  sections: Sections;
  warnings?: string[];
}
