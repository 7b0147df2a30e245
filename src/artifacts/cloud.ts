/**
 * The Entra ID half: what Microsoft Graph knows about the tenant's devices, as read (raw fields, no
 * interpretation; src/derived/cloud.ts classifies). No token, secret or device key is ever stored here.
 */

/** Where in the chain against Entra ID / Graph a failure happened. */
export type CloudFailureStage = 'config' | 'auth' | 'connect' | 'tls' | 'http' | 'throttled' | 'response' | 'timeout';

export interface CloudFailure {
  stage: CloudFailureStage;
  /** Short machine-readable cause: AADSTS7000215, invalid_client, HTTP_403, ETIMEDOUT, CERT_HAS_EXPIRED, ... */
  code: string;
  /** One line, free of secrets and tokens. */
  message: string;
}

export type CloudOutcome<T> = { ok: true; value: T } | { ok: false; failure: CloudFailure };

/**
 * One alternativeSecurityIds entry, reduced: the type, and whether its key decodes (base64 of UTF-16LE)
 * to a value starting with `X509:` (the device certificate a completed registration writes). The key
 * itself is never kept.
 */
export interface CloudAlternativeSecurityId {
  type: number | null;
  x509: boolean;
}

/** A device object as `GET /v1.0/devices?$select=...` returned it (the fields below, nothing else). */
export interface CloudDevice {
  /** The directory object id. */
  id: string;
  /** The device id the Device Registration Service set; for a hybrid-joined device, the AD computer's objectGUID. */
  deviceId: string | null;
  displayName: string | null;
  accountEnabled: boolean | null;
  /** `ServerAd` (hybrid joined), `AzureAd` (Entra joined), `Workplace` (registered), or null. */
  trustType: string | null;
  alternativeSecurityIds: CloudAlternativeSecurityId[];
  isManaged: boolean | null;
  isCompliant: boolean | null;
  approximateLastSignInDateTime: string | null;
  registrationDateTime: string | null;
  operatingSystem: string | null;
  operatingSystemVersion: string | null;
  profileType: string | null;
  onPremisesSyncEnabled: boolean | null;
}

/** The Device Registration Service principal (appId 01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9), as read. */
export interface DrsServicePrincipal {
  /** False when the tenant has no service principal with that appId. */
  found: boolean;
  id?: string;
  appId?: string;
  displayName?: string | null;
  accountEnabled?: boolean | null;
}

/** How the reads went: pages, throttling answers and the waits they asked for. */
export interface CloudReadNotes {
  pages: number;
  /** Answers 429/503 that were retried, with the Retry-After asked (seconds) and the wait applied (ms). */
  retries: Array<{ url: string; status: number; retryAfter: string | null; waitedMs: number }>;
  /** Set when the page bound stopped the paging (the device list is then incomplete). */
  truncated: boolean;
  /** An @odata.nextLink that pointed to another origin and was not followed. */
  refusedNextLink?: string;
}

export interface CloudArtifact {
  tenantId: string;
  authority: string;
  graphEndpoint: string;
  /** How the tool signed in: an app's secret, an app's certificate, or an admin by device code. */
  credential: 'client-secret' | 'certificate' | 'device-code';
  clientId: string;
  /** Token acquisition; the token itself is never stored. */
  auth: CloudOutcome<{ durationMs: number }>;
  devices: CloudOutcome<CloudDevice[]>;
  drsServicePrincipal: CloudOutcome<DrsServicePrincipal>;
  notes: CloudReadNotes;
  durationMs: number;
}
