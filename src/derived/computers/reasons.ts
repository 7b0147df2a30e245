/**
 * The reasons a computer gets, one source for their wording and codes. A code is attached only where
 * the facts file documents it: 0x801c03f2 (DSREG_E_DIRECTORY_FAILURE, "device object not found") for
 * an object Entra Connect will not sync (facts §6 "0x801c03f2"); nothing for the others.
 */
export type Reason =
  | 'os-down-level'
  | 'os-not-windows'
  | 'os-unsupported'
  | 'os-unknown'
  | 'domain-controller'
  | 'out-of-sync-scope'
  | 'certificate-none'
  | 'certificate-expired'
  | 'certificate-not-yet-valid'
  | 'certificate-wrong-subject'
  | 'certificate-unparsable'
  | 'certificate-too-many'
  | 'object-guid-unreadable'
  | 'cloud-device-disabled'
  | 'disabled'
  | 'stale';

export interface ReasonInfo {
  text: string;
  /** The code a device would report, where the facts file documents one. */
  codes: string[];
  /** Where the fact comes from (facts file section). */
  source: string;
}

const NOT_SYNCED = ['0x801c03f2'];

export const REASONS: Record<Reason, ReasonInfo> = {
  'os-down-level': { text: 'down-level Windows: needs the separate down-level package (autoworkplace), not synced by this flow', codes: [], source: 'facts §5 Supported OS' },
  'os-not-windows': { text: 'not Windows: never hybrid-joins', codes: [], source: 'facts §5 Supported OS' },
  'os-unsupported': { text: 'Windows older than Windows 10 / Windows Server 2016: not supported for hybrid join', codes: [], source: 'facts §5 Supported OS' },
  'os-unknown': { text: 'operating system missing or not recognised: Entra Connect syncs only Windows 10+ computers', codes: [], source: 'facts §5 userCertificate' },
  'domain-controller': { text: 'a domain controller: hybrid join does not support DCs', codes: [], source: 'facts §5 Unsupported' },
  'out-of-sync-scope': { text: 'outside the configured Entra Connect sync scope: never synced, the join fails with "device object not found"', codes: NOT_SYNCED, source: 'facts §5 Entra Connect, §6 0x801c03f2' },
  'certificate-none': { text: 'no userCertificate yet: the device has not run its join', codes: [], source: 'facts §5 userCertificate' },
  'certificate-expired': { text: 'userCertificate expired: Entra Connect does not sync the object', codes: NOT_SYNCED, source: 'facts §6 userCertificate validity, 0x801c03f2' },
  'certificate-not-yet-valid': { text: 'userCertificate not valid yet: Entra Connect does not sync the object (inferred: "non-expired" read as "valid now")', codes: NOT_SYNCED, source: 'facts §6 userCertificate validity, 0x801c03f2 (inferred for not-yet-valid)' },
  'certificate-wrong-subject': { text: 'no userCertificate with subject CN=<objectGUID>: Entra Connect does not sync the object', codes: NOT_SYNCED, source: 'facts §6 userCertificate validity, 0x801c03f2' },
  'certificate-unparsable': { text: 'no userCertificate value is an X.509 certificate: Entra Connect does not sync the object', codes: NOT_SYNCED, source: 'facts §6 userCertificate validity, 0x801c03f2' },
  'certificate-too-many': { text: 'more than 15 userCertificate values: Entra Connect\'s LargeObject export error, the object is not synced', codes: NOT_SYNCED, source: 'facts §6 userCertificate validity, 0x801c03f2' },
  'object-guid-unreadable': { text: 'objectGUID unreadable: the certificate subject cannot be compared', codes: [], source: 'facts §5 userCertificate' },
  'cloud-device-disabled': { text: 'the device object in Entra ID is disabled: device authentication fails (AADSTS50155)', codes: [], source: 'facts §5 Verify in cloud, §6 Server Message texts' },
  disabled: { text: 'computer account disabled (userAccountControl ACCOUNTDISABLE)', codes: [], source: 'AD userAccountControl bit 2' },
  stale: { text: 'no logon within the stale window', codes: [], source: 'inventory.staleDays' },
};

/** The codes of a set of reasons, each once, in reason order. */
export function codesOf(reasons: readonly Reason[]): string[] {
  return [...new Set(reasons.flatMap((r) => REASONS[r].codes))];
}
