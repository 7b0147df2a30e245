/**
 * Artifacts: everything the gatherers observed, as plain JSON. Checks read only this.
 * A bundle can be saved and evaluated later, so nothing here holds a secret.
 */
import type { InventoryArtifact } from './inventory.js';
import type { NetworkArtifact } from './network.js';
import type { Gathered } from './outcome.js';
import type { CloudArtifact } from './cloud.js';

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

/** An object the audit looked up by DN: found or not (noSuchObject), with its DACL when readable. */
export interface ObjectView {
  dn: string;
  exists: boolean;
  /** nTSecurityDescriptor (DACL part) base64. */
  securityDescriptor?: string;
  securityDescriptorError?: string;
}

/** A domain of the forest as read from its crossRef: naming context, DNS name and SID (raw). */
export interface DomainEntry {
  nc: string;
  dnsRoot?: string;
  sid?: string;
  /** Where the SID came from: the crossRef's nCName (extended DN control) or the domain head's objectSid. */
  sidSource?: 'extended-dn' | 'objectSid';
}

/** What reading one DC observed: everything when the read finished, what came before the failure otherwise. */
export interface DcObservation {
  /** Addresses the host name resolved to (when we resolved it). */
  addresses?: string[];
  tlsSession?: { protocol?: string; cipher?: string; peerCertificate?: CertificateSummary };
  rootDse?: RootDse;
  /** Host clock just before and just after the rootDSE read, for skew computation. */
  hostTimeBefore?: string;
  hostTimeAfter?: string;
  /** The Device Registration Configuration container: whether the audit account found it, and its DACL. */
  container?: ObjectView;
  /** CN=Services of the configuration partition (the container's parent), for when the container is not found. */
  services?: ObjectView;
  /** The SCP object, null when it does not exist (only set when the search ran). */
  scp?: ScpEntry | null;
  /** Domain SID of the forest root domain (for Domain Computers). */
  domainSid?: string;
  /** Every domain of the forest (crossRefs with systemFlags & 2 in CN=Partitions), with its SID where it could be read. */
  domains?: DomainEntry[];
  /** Why the domain list could not be read, when it could not. */
  domainsError?: string;
}

export interface DcArtifact {
  host: string;
  port: number;
  tls: TlsMode;
  /** The observations, or the first failure (stages after it were not attempted) with what was observed before it. */
  outcome: Gathered<DcObservation, DcObservation>;
  durationMs: number;
}

/** Where a forest's DCs came from: the configured list or the DNS SRV records. */
export interface DcDiscovery {
  source: 'config' | 'srv';
  targets: DcTarget[];
  srvName?: string;
  dnsServers?: string[];
}

/** A `reg export` of the client-side SCP key, declared in the config (forests[].clientSideScp). Raw: parsed in src/derived. */
export interface ClientSideScpArtifact {
  /** The file as named in the config. */
  regFile: string;
  /** Size of the file in bytes. */
  bytes: number;
  /** The decoded text (UTF-16/UTF-8/ANSI as found), cut at a bound. */
  text: string;
  truncated: boolean;
}

export interface ForestArtifact {
  name: string;
  tls: TlsMode;
  /** The account the audit binds as (DN or UPN), absent for an anonymous bind. Not a secret. */
  bindDn?: string;
  /** Present when the forest is declared as using the client-side SCP (targeted rollout). */
  clientSideScp?: ClientSideScpArtifact;
  discovery: Gathered<DcDiscovery>;
  dcs: DcArtifact[];
  /** The computer inventory (config `inventory`), when it was gathered. */
  inventory?: InventoryArtifact;
}

export interface TenantSettings {
  id?: string;
  name?: string;
}

export interface Artifacts {
  /** 2 since the one outcome model (a v1 bundle is migrated when it is loaded: src/artifacts/migrate-v1.ts). */
  schemaVersion: 2;
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
  /** The Entra ID half (a `cloud` object in the config): devices and the DRS principal as Graph returned them. */
  cloud?: CloudArtifact;
}
