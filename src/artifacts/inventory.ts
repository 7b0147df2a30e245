/**
 * The computer inventory of a forest (`inventory` in the config, `computers` command): every computer
 * object of every domain read, reduced at gather time to the attributes the judging needs.
 *
 * Certificates are stored as facts, not as DER: 50,000 computers with one certificate each would make a
 * bundle of ~70 MB in base64, and the judging needs only subject, validity and whether a value parsed.
 * Parsing happens in src/gather (node:crypto is I/O-free but kept out of src/derived by the lint rule);
 * every comparison (subject against objectGUID, validity against the run's clock) happens in src/derived.
 */
import type { Failure } from './outcome.js';

/** One `userCertificate` value as X.509 facts (from Node's crypto.X509Certificate), or why it did not parse. */
export interface CertificateFacts {
  /** Subject as Node prints it (`CN=…`, one RDN per line), bounded. */
  subject?: string;
  /** ISO-8601. */
  notBefore?: string;
  notAfter?: string;
  /** Set when the value is not a parsable X.509 certificate. */
  parseError?: string;
  /** Whether the certificate is self-signed (issuer = subject), as Windows writes it. */
  selfIssued?: boolean;
}

/** A computer object as read (raw values, reduced; no interpretation). */
export interface ComputerRecord {
  dn: string;
  name?: string;
  dnsHostName?: string;
  /** objectGUID in its canonical string form (converted from AD's little-endian binary), lower case. */
  objectGuid?: string;
  operatingSystem?: string;
  operatingSystemVersion?: string;
  userAccountControl?: number;
  /** FILETIME (100 ns since 1601) as read, decimal string; absent when never set. */
  lastLogonTimestamp?: string;
  pwdLastSet?: string;
  /** Generalized time as read, e.g. 20261125081500.0Z. */
  whenCreated?: string;
  /** How many userCertificate values the object has. */
  certificateCount: number;
  /** Facts of the first values (at most MAX_CERTIFICATE_FACTS). */
  certificates: CertificateFacts[];
}

/** userCertificate values parsed per computer; one more than Entra Connect's limit of 15 shows the LargeObject case. */
export const MAX_CERTIFICATE_FACTS = 16;

/** What reading one domain of the forest gave. */
export interface InventoryDomain {
  /** Naming context (DC=child,DC=contoso,DC=com). */
  nc: string;
  dnsRoot?: string;
  /** The DC that answered (host:port), when one did. */
  server?: string;
  /** Set when the domain could not be read (completely or after some pages). */
  error?: Failure;
  /** Computers read, pages read. */
  count: number;
  pages: number;
  /** True when the search ran to its last page. */
  complete: boolean;
  durationMs: number;
}

/** The configured sync scope of the forest (Entra Connect OU filtering), as given. */
export interface SyncScopeSettings {
  include: string[];
  exclude: string[];
}

export interface InventoryArtifact {
  /** When the inventory read began (ISO-8601): the clock certificate validity and staleness are judged against. */
  collectedAt: string;
  /** The judging settings in force at gather time, so `evaluate` judges a bundle the same way. */
  staleDays: number;
  syncScope?: SyncScopeSettings;
  /** Why no domain was read (e.g. no DC of the forest answered), when none was. */
  error?: Failure;
  domains: InventoryDomain[];
  /** Naming contexts of the forest's domains that `inventory.domains` left out (the inventory then does not cover the forest). */
  skippedDomains?: string[];
  /** Every computer read, in the order read. Absent when the run streamed them instead (`computers`). */
  computers?: ComputerRecord[];
}
