/**
 * Captures exported from Intune (a remediation script's detection output) arrive folded into one
 * line and cut at 2,048 characters. This puts the line breaks back before the section boxes and
 * before every field name dsregcmd is known to print (facts sections 2.3–2.12), and drops the last,
 * partial field of a cut text, so the parser reads what is there and nothing half-printed.
 */

/** Intune keeps this many characters of a detection script's output. */
export const EXPORT_FIELD_LIMIT = 2048;

const KNOWN_FIELDS = [
  'AzureAdJoined', 'EnterpriseJoined', 'DomainJoined', 'DomainName', 'Virtual Desktop', 'Device Name',
  'DeviceId', 'Thumbprint', 'DeviceCertificateValidity', 'KeyContainerId', 'KeyProvider', 'TpmProtected', 'DeviceAuthStatus',
  'TenantName', 'TenantId', 'Idp', 'AuthCodeUrl', 'AccessTokenUrl', 'MdmUrl', 'MdmTouUrl', 'MdmComplianceUrl', 'SettingsUrl',
  'JoinSrvVersion', 'JoinSrvUrl', 'JoinSrvId', 'KeySrvVersion', 'KeySrvUrl', 'KeySrvId', 'WebAuthNSrvVersion', 'WebAuthNSrvUrl',
  'WebAuthNSrvId', 'DeviceManagementSrvVer', 'DeviceManagementSrvUrl', 'DeviceManagementSrvId',
  'NgcSet', 'NgcKeyId', 'CanReset', 'WorkplaceJoined', 'WorkAccountCount', 'WamDefaultSet', 'WamDefaultAuthority', 'WamDefaultId', 'WamDefaultGUID',
  'AzureAdPrt', 'AzureAdPrtUpdateTime', 'AzureAdPrtExpiryTime', 'AzureAdPrtAuthority', 'EnterprisePrt', 'EnterprisePrtUpdateTime',
  'EnterprisePrtExpiryTime', 'EnterprisePrtAuthority', 'AcquirePrtDiagnostics', 'RefreshPrtDiagnostics', 'Previous Prt Attempt',
  'Attempt Status', 'User Identity', 'Credential Type', 'Correlation ID', 'Endpoint URI', 'HTTP Method', 'HTTP Error', 'HTTP status',
  'Server Error Code', 'Server Error Description', 'OnPremTgt', 'CloudTgt', 'KerbTopLevelNames',
  'Diagnostics Reference', 'User Context', 'Client Time', 'AD Connectivity Test', 'AD Configuration Test', 'DRS Discovery Test',
  'DRS Connectivity Test', 'Kerberos Ticket Test', 'Token acquisition Test', 'Fallback to Sync-Join', 'Fallback to Fed-Join',
  'Previous Registration', 'Registration Type', 'Error Phase', 'Client ErrorCode', 'Server ErrorCode', 'Server Message', 'Https Status',
  'Request Id', 'Executing Account Name', 'AadRecoveryEnabled', 'KeySignTest', 'DisplayNameUpdated', 'OsVersionUpdated',
  'HostNameUpdated', 'Last HostName Update', 'Auto Detect Settings', 'Auto-Configuration URL', 'Proxy Server List', 'Proxy Bypass List',
  'Auto Detect PAC Status', 'Access Type', 'NgcPreReq', 'IsDeviceJoined', 'IsUserAzureAD', 'PolicyEnabled', 'PostLogonEnabled',
  'DeviceEligible', 'SessionIsNotRemote', 'CertEnrollment', 'AdfsRefreshToken', 'AdfsRaIsReady', 'LogonCertTemplateReady',
  'OnPremTGT', 'AadRecoveryNeeded', 'PreReqResult',
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
/** A known name, as a whole word, followed by ` : ` (modern) or `: ` (old layout). Longest names first. */
const FIELD_START = new RegExp(
  `(?:^|\\s)(?=(?:${[...KNOWN_FIELDS].sort((a, b) => b.length - a.length).map(escape).join('|')})\\s?:(?:\\s|$))`,
  'g',
);
const BOX = /\s*(\+-{5,}\+)\s*(?:(\|[^|+]{1,80}\|)\s*(\+-{5,}\+))?\s*/g;

export interface Unfolded {
  text: string;
  /** The text reached the export limit: its end is missing. */
  cut: boolean;
}

/** Folded (one-line) export text → lines the parser reads. Text that still has its line breaks is only checked for the cut. */
export function unfoldCapture(raw: string): Unfolded {
  const cut = raw.length >= EXPORT_FIELD_LIMIT;
  const folded = raw.split(/\r\n|\r|\n/).length < 4;
  let text = folded
    ? raw.replace(BOX, (_m, b1: string, title?: string, b2?: string) => (title ? `\n${b1}\n${title}\n${b2}\n` : `\n${b1}\n`)).replace(FIELD_START, '\n    ')
    : raw;
  if (cut) {
    // The last line stops mid-value (or mid-name): keep only the lines before it.
    const end = text.trimEnd().lastIndexOf('\n');
    text = end > 0 ? text.slice(0, end) : '';
  }
  return { text, cut };
}
