/**
 * What the device registration service (and Entra sign-in) said, as dsregcmd prints it in
 * `Server Message` (Diagnostic Data) or `Server Error Description` (SSO State). Pure data plus a
 * matcher. Sources are keys of the facts file: [S1] Microsoft's hybrid-join troubleshooting page,
 * [S26] the public copy of Microsoft's support wiki.
 */
export interface ServerMessageEntry {
  /** Stable id: the AADSTS code, or a short name for DRS texts without one. */
  id: string;
  /** Matched against the message (case-insensitive). */
  pattern: RegExp;
  /** The `Server ErrorCode` dsregcmd prints with it, where a source says. */
  serverErrorCode: string | null;
  meaning: string;
  cause: string;
  fix: string;
  source: 'S1' | 'S26';
}

export const SERVER_MESSAGES: readonly ServerMessageEntry[] = [
  {
    id: 'AADSTS90002',
    pattern: /\bAADSTS90002\b/i,
    serverErrorCode: 'DirectoryError',
    meaning: 'Entra ID does not know the tenant the device tried to join (tenant not found, or no active subscription).',
    cause: 'The tenant id in the SCP (azureADId keyword) or in the client-side SCP registry value is wrong.',
    fix: 'Correct the tenant id in the SCP (run `haadj-preflight scp` to compare it with the tenant), then let the device retry.',
    source: 'S1',
  },
  {
    id: 'AADSTS50155',
    pattern: /\bAADSTS50155\b/i,
    serverErrorCode: null,
    meaning: 'Device authentication failed.',
    cause: 'The device object in Entra ID was deleted or disabled.',
    fix: 'Re-enable the device in Entra ID, or, if it was deleted, re-register it (Microsoft\'s device FAQ).',
    source: 'S1',
  },
  {
    id: 'AADSTS50034',
    pattern: /\bAADSTS50034\b/i,
    serverErrorCode: null,
    meaning: 'The user account does not exist in the tenant.',
    cause: 'The user\'s UPN is not in Entra ID (not synced, or a different UPN suffix).',
    fix: 'Check the user\'s UPN and that Entra Connect syncs the user.',
    source: 'S1',
  },
  {
    id: 'AADSTS50126',
    pattern: /\bAADSTS50126\b/i,
    serverErrorCode: null,
    meaning: 'Invalid user name or password.',
    cause: 'Wrong credentials, or a password changed on-premises that password hash sync has not brought to Entra ID yet.',
    fix: 'Wait for password hash sync to carry the new password, then sign in again.',
    source: 'S1',
  },
  {
    id: 'device-object-not-found',
    pattern: /device object by the given id\b.*\b(?:is not|isn't|not) found/i,
    serverErrorCode: 'DirectoryError',
    meaning: 'Entra ID has no device object with this device\'s id yet.',
    cause: 'Sync join: Entra Connect has not synced the computer object yet (outside the sync scope, no valid userCertificate, or the sync has not run).',
    fix: 'Expected until the next sync: check the computer is in the sync scope and has a valid userCertificate; the next attempt after the sync succeeds.',
    source: 'S1',
  },
  {
    id: 'public-key-not-found',
    pattern: /public key user certificate is not found on the device object/i,
    serverErrorCode: 'DirectoryError',
    meaning: 'The device object in Entra ID carries no public key (userCertificate).',
    cause: 'The userCertificate value was removed or is missing on the AD computer object, so Entra ID has none either.',
    fix: 'Run `dsregcmd /leave`, delete the MS-Organization-Access certificate from LocalMachine\\My, reboot, and run a delta sync.',
    source: 'S26',
  },
  {
    id: 'throttled',
    pattern: /\bthrottled\b/i,
    serverErrorCode: 'DirectoryError',
    meaning: 'The registration service throttled the device.',
    cause: 'Several registration requests in quick succession (expected after repeated attempts).',
    fix: 'Wait for the cool-down the message names (e.g. 300 seconds) and let the device retry.',
    source: 'S1',
  },
  {
    id: 'target-computer-sid',
    pattern: /verification of the target computer'?s SID/i,
    serverErrorCode: 'AuthenticationError',
    meaning: 'The service could not verify the computer: the certificate on the Entra device object differs from the one that signed the sync-join request.',
    cause: 'Normally the sync of the computer\'s new userCertificate has not finished.',
    fix: 'Wait for the next Entra Connect sync, then let the device retry.',
    source: 'S1',
  },
];

export interface ServerMessageMatch {
  /** The AADSTS code printed in the message, when there is one (even if the table does not know it). */
  aadsts: string | null;
  /** The table entry that matched, or null. */
  entry: ServerMessageEntry | null;
}

/** Recognises a server message; null when it names no AADSTS code and matches no entry. */
export function matchServerMessage(message: string): ServerMessageMatch | null {
  const aadsts = /\bAADSTS(\d{5,6})\b/i.exec(message)?.[1];
  const entry = SERVER_MESSAGES.find((e) => e.pattern.test(message)) ?? null;
  if (entry === null && aadsts === undefined) return null;
  return { aadsts: aadsts === undefined ? null : `AADSTS${aadsts}`, entry };
}
