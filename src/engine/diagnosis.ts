import type { CodeEntry } from '../codes/types.js';
import type { Finding, Report } from './report.js';
import type { DeviceClientSideScp } from '../derived/client-side-scp.js';
import type { CloudDiagnosis } from '../derived/cloud-diagnosis.js';
import type { DsregcmdStatus, InformationalCode, ServerResponse, TestResult } from '../derived/dsregcmd/types.js';

/** What `diagnose` concludes. */
export type Verdict =
  | 'no-error' // the device shows no error code
  | 'confirmed' // our checks found the environment problem that explains the device's code
  | 'environment-healthy' // our checks pass: the cause is on the device
  | 'not-verified' // no configuration given, or no check covers the codes
  | 'inconclusive'; // our checks could not observe (errors) and found no failure

export interface ExplainedCode {
  hex: string;
  known: boolean;
  name: string | null;
  phase: string | null;
  /** network, tpm, prt or hello (see CodeArea), or null. */
  area: string | null;
  meaning: string | null;
  remedy: string | null;
  docUrl: string | null;
  verifiedBy: string[];
}

export interface Diagnosis {
  device: {
    name: string | null;
    joinState: DsregcmdStatus['joinState'];
    errorPhase: DsregcmdStatus['errorPhase'];
    clientErrorCode: string | null;
    serverErrorCode: string | null;
    /** The registration service's answer (Server ErrorCode / Server Message / Https Status) and what it means. */
    server: ServerResponse | null;
    /** The sign-in service's answer to the last PRT attempt (SSO State). */
    prtServer: ServerResponse | null;
    context: DsregcmdStatus['context'];
    tenant: DsregcmdStatus['tenant'];
    failingTests: Array<{ test: string; result: string; codes: string[] }>;
    /** Codes printed where they are no registration error (not in `codes`, no effect on the verdict). */
    notes: InformationalCode[];
  };
  codes: ExplainedCode[];
  verification: { checks: string[]; summary: Report['summary']; problems: Finding[] } | null;
  conclusion: { verdict: Verdict; text: string; deviceSide: string[] };
  /** With `diagnose --reg`: the device's client-side SCP (CDJ\AAD registry export), judged. */
  clientSideScp?: DeviceClientSideScp;
  /** With a `cloud` object in the config: what Entra ID holds for this device, next to what it says. */
  cloud?: CloudDiagnosis;
}

const TEST_LABELS: Record<string, string> = {
  adConnectivity: 'AD Connectivity Test',
  adConfiguration: 'AD Configuration Test',
  drsDiscovery: 'DRS Discovery Test',
  drsConnectivity: 'DRS Connectivity Test',
  kerberosTicket: 'Kerberos Ticket Test',
  tokenAcquisition: 'Token acquisition Test',
  keySign: 'KeySignTest',
};

/** `verifiedBy` comes from the checks' meta.codes (engine/verified-by.ts), never from the catalog. */
export function explainCodes(codes: readonly string[], lookup: (hex: string) => CodeEntry | undefined, verifiedBy: (hex: string) => readonly string[]): ExplainedCode[] {
  return codes.map((hex) => {
    const e = lookup(hex);
    return {
      hex,
      known: Boolean(e),
      name: e?.name ?? null,
      phase: e?.phase ?? null,
      area: e?.area ?? null,
      meaning: e?.meaning ?? null,
      remedy: e?.remedy ?? null,
      docUrl: e?.docUrl ?? null,
      verifiedBy: [...verifiedBy(hex)],
    };
  });
}

/** The check ids that can confirm or rule out the device's codes, restricted to checks that exist. */
export function checksToVerify(codes: readonly ExplainedCode[], existing: readonly string[]): string[] {
  const wanted = new Set(codes.flatMap((c) => c.verifiedBy));
  return existing.filter((id) => wanted.has(id));
}

/** Where to look on the device itself when the environment checks out. */
export function deviceSideCauses(status: DsregcmdStatus, codes: readonly ExplainedCode[]): string[] {
  const hints: string[] = [];
  const phases = new Set(codes.map((c) => c.phase));
  const areas = new Set(codes.map((c) => c.area));
  const has = (hex: string) => codes.some((c) => c.hex === hex);
  if (has('0x801c001d') || has('0x80070002')) {
    hints.push('The device may reach a DC that does not hold the SCP yet (replication), or lack line of sight to any DC (VPN, site).');
    hints.push('A client-side SCP in HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD (TenantId/TenantName) overrides AD: check it is absent or right.');
  }
  if (status.errorPhase === 'discover' || areas.has('network')) {
    hints.push('SYSTEM uses the WinHTTP proxy settings, not the user\'s: compare `netsh winhttp show proxy` and WPAD/PAC with what users get.');
    hints.push('A proxy that asks SYSTEM for credentials (407) or answers with a sign-in page breaks discovery only for the device.');
    hints.push('Check the device clock and time source (w32tm /query /status): minutes of skew break Kerberos and token validity; only a clock off by days makes certificates look invalid.');
  }
  if (areas.has('tpm')) hints.push('The TPM: check tpm.msc and lockout; Microsoft\'s fix for a generic TPM error (0x80290407) is to disable the TPM on that device, and Windows 10 1809+ falls back to software keys on TPM failures.');
  if (status.errorPhase === 'auth' || phases.has('auth')) {
    hints.push('Federated join: the device must reach the on-premises federation service (WS-Trust windowstransport) with its computer account.');
  }
  if (status.errorPhase === 'join') {
    hints.push('Sync join waits for Entra Connect to sync the computer object (its userCertificate): "device object not found" is expected until then.');
  }
  if (status.context === 'un-elevated') {
    hints.push('This output was taken un-elevated: SYSTEM-context tests are missing. Run `dsregcmd /status` elevated (or as SYSTEM) for the full picture.');
  }
  return hints;
}

function failingTests(status: DsregcmdStatus): Diagnosis['device']['failingTests'] {
  return Object.entries(status.diagnostics)
    .filter((entry): entry is [string, TestResult] => entry[1] !== undefined && !/^(PASS|PASSED|SKIPPED|SKIP)$/i.test(entry[1].result))
    .map(([key, t]) => ({ test: TEST_LABELS[key] ?? key, result: t.result, codes: t.codes }));
}

/** One sentence on what a recognised Server Message says (the service's own words carry the cause). */
function serverSaid(status: DsregcmdStatus): string | null {
  const e = status.server?.explanation ?? status.prtServer?.explanation;
  return e ? `The service's message (${e.id}) says: ${e.cause}` : null;
}

/**
 * Puts the device's story and the environment's evidence together. Pure: the report (when a
 * configuration was given) comes from running only the checks that verify the device's codes.
 */
export function diagnose(
  status: DsregcmdStatus,
  lookup: (hex: string) => CodeEntry | undefined,
  verification: { checks: string[]; report: Report | null } | null,
  verifiedBy: (hex: string) => readonly string[],
): Diagnosis {
  const codes = explainCodes(status.codes, lookup, verifiedBy);
  const device: Diagnosis['device'] = {
    name: status.deviceName,
    joinState: status.joinState,
    errorPhase: status.errorPhase,
    clientErrorCode: status.clientErrorCode,
    serverErrorCode: status.serverErrorCode,
    server: status.server,
    prtServer: status.prtServer,
    context: status.context,
    tenant: status.tenant,
    failingTests: failingTests(status),
    notes: status.notes ?? [],
  };
  const deviceSide = deviceSideCauses(status, codes);
  const report = verification?.report ?? null;
  const problems = report ? report.findings.filter((f) => f.status === 'fail' || f.status === 'error' || f.status === 'warn') : [];
  const said = serverSaid(status);
  const result = (verdict: Verdict, text: string): Diagnosis => ({
    device,
    codes,
    verification: verification && report ? { checks: verification.checks, summary: report.summary, problems } : null,
    conclusion: {
      verdict,
      text: verdict === 'no-error' || said === null ? text : `${text} ${said}`,
      deviceSide: verdict === 'confirmed' || verdict === 'no-error' ? [] : deviceSide,
    },
  });

  if (codes.length === 0) {
    return result('no-error', `The device shows no error code (${status.joinState}${status.errorPhase ? `, error phase ${status.errorPhase}` : ''}).`);
  }
  const top = codes.map((c) => `${c.hex}${c.name ? ` ${c.name}` : ''}`).join(', ');
  if (!verification) return result('not-verified', `The device reports ${top}. Give --config to check the environment for these causes.`);
  if (verification.checks.length === 0 || !report) return result('not-verified', `The device reports ${top}; no check of this tool verifies these codes.`);

  const fails = report.findings.filter((f) => f.status === 'fail');
  if (fails.length > 0) {
    const causes = fails.map((f) => `${f.check}${f.forest ? ` (${f.forest})` : ''}${f.proxy ? ` (${f.proxy}${f.endpoint ? ` → ${f.endpoint}` : ''})` : ''}: ${f.message}`);
    return result('confirmed', `The environment confirms the cause of ${top}: ${causes.join(' | ')}`);
  }
  if (report.summary.error > 0) {
    return result('inconclusive', `The checks for ${top} found no failure but could not observe everything (${report.summary.error} error finding(s)); fix those and run again.`);
  }
  return result('environment-healthy', `The checks that verify ${top} pass (${verification.checks.join(', ')}): the environment looks healthy, so the cause is most likely on the device.`);
}
