/**
 * Artifacts: everything the gatherers observed, as plain JSON. Checks read only this.
 * A bundle can be saved and evaluated later, so nothing here holds a secret.
 */
import type { NetworkArtifact } from './network.js';

/** Where in the chain of operations against one target a failure happened. */
export type FailureStage =
  | 'config'
  | 'dns'
  | 'connect'
  | 'tls'
  | 'starttls'
  | 'bind'
  | 'rootdse'
  | 'search'
  | 'timeout';

export interface GatherFailure {
  stage: FailureStage;
  /** Short machine-readable cause, e.g. ECONNREFUSED, ENOTFOUND, ETIMEDOUT, UNABLE_TO_VERIFY_LEAF_SIGNATURE, invalidCredentials. */
  cause: string;
  /** Human message (already free of secrets). */
  message: string;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: GatherFailure };

export type TlsMode = 'ldaps' | 'starttls' | 'plain';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  fingerprint256?: string;
}

export interface DcTarget {
  host: string;
  port: number;
  /** Where the name came from. */
  source: 'config' | 'srv';
  priority?: number;
  weight?: number;
}

export interface RootDse {
  dnsHostName?: string;
  defaultNamingContext?: string;
  configurationNamingContext?: string;
  rootDomainNamingContext?: string;
  currentTime?: string;
  domainControllerFunctionality?: string;
  forestFunctionality?: string;
  supportedLdapVersion?: string[];
  /** Raw attributes we did not model. */
  other?: Record<string, string[]>;
}

export interface ScpEntry {
  dn: string;
  /** Raw keyword values exactly as read. */
  keywords: string[];
  objectClass: string[];
  whenChanged?: string;
  whenCreated?: string;
  /** nTSecurityDescriptor (DACL part) base64, when it could be read. */
  securityDescriptor?: string;
  /** Why the security descriptor could not be read, when it could not. */
  securityDescriptorError?: string;
}

export interface DcArtifact {
  host: string;
  port: number;
  tls: TlsMode;
  /** Addresses the host name resolved to (when we resolved it). */
  addresses?: string[];
  /** The first failure; stages after it were not attempted. */
  failure?: GatherFailure;
  tlsSession?: { protocol?: string; cipher?: string; peerCertificate?: CertificateSummary };
  rootDse?: RootDse;
  /** Host clock just before and just after the rootDSE read, for skew computation. */
  hostTimeBefore?: string;
  hostTimeAfter?: string;
  /** DN of the Device Registration Configuration container and whether it exists. */
  container?: { dn: string; exists: boolean };
  /** The SCP object, null when it does not exist (only set when the search ran). */
  scp?: ScpEntry | null;
  /** Domain SID of the forest root domain (for Domain Computers). */
  domainSid?: string;
  durationMs: number;
}

export interface ForestArtifact {
  name: string;
  tls: TlsMode;
  discovery: Outcome<{ source: 'config' | 'srv'; targets: DcTarget[]; srvName?: string; dnsServers?: string[] }>;
  dcs: DcArtifact[];
}

export interface TenantSettings {
  id?: string;
  name?: string;
}

export interface Artifacts {
  schemaVersion: 1;
  tool: { name: string; version: string };
  collectedAt: string;
  durationMs: number;
  settings: {
    tenant?: TenantSettings;
    cloud: string;
    /** Thresholds the checks use, taken from config. */
    clockSkewWarnSeconds: number;
    clockSkewFailSeconds: number;
  };
  forests: ForestArtifact[];
  /** The network half (probe / check with a network section). */
  network?: NetworkArtifact;
}
