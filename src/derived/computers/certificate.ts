import type { CertificateFacts, ComputerRecord } from '../../artifacts/inventory.js';
import { normalizeGuid } from './guid.js';

/**
 * Entra Connect (1.4+) syncs a computer only with at least one userCertificate value that is a
 * certificate whose subject is `CN=<objectGUID>` (or `CN={objectGUID}`) and that has not expired;
 * more than 15 values trip its LargeObject export error (facts §5 userCertificate, §6 userCertificate validity).
 */
export type CertificateStatus = 'valid' | 'none' | 'expired' | 'not-yet-valid' | 'wrong-subject' | 'unparsable' | 'no-object-guid';

/** Entra Connect's limit on userCertificate values. */
export const MAX_SYNCED_CERTIFICATES = 15;

export interface CertificateJudgement {
  status: CertificateStatus;
  /** Number of userCertificate values on the object. */
  values: number;
  tooMany: boolean;
  detail: string;
}

/** The GUID a subject names when it is exactly one RDN `CN=<guid>` (braces optional, any case). */
export function subjectGuid(subject: string | undefined): string | undefined {
  if (subject === undefined) return undefined;
  const rdns = subject.split(/\n|,(?=\s*[A-Za-z]+=)/).map((s) => s.trim()).filter(Boolean);
  if (rdns.length !== 1) return undefined;
  const m = /^CN\s*=\s*(.+)$/i.exec(rdns[0] as string);
  return m ? normalizeGuid(m[1] as string) : undefined;
}

type ValueStatus = Exclude<CertificateStatus, 'none' | 'no-object-guid'>;

function valueStatus(cert: CertificateFacts, guid: string, nowMs: number): ValueStatus {
  if (cert.parseError !== undefined || cert.notBefore === undefined || cert.notAfter === undefined) return 'unparsable';
  if (subjectGuid(cert.subject) !== guid) return 'wrong-subject';
  const from = Date.parse(cert.notBefore);
  const to = Date.parse(cert.notAfter);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'unparsable';
  if (nowMs < from) return 'not-yet-valid';
  if (nowMs > to) return 'expired';
  return 'valid';
}

/** The status of the best value: a valid one; else the closest miss (right subject first). */
const PREFERENCE: ValueStatus[] = ['valid', 'expired', 'not-yet-valid', 'wrong-subject', 'unparsable'];

const DETAIL: Record<CertificateStatus, string> = {
  valid: 'a certificate with subject CN=<objectGUID>, valid now',
  none: 'no userCertificate: the device has not written its certificate (it has not run its join yet)',
  expired: 'every certificate with subject CN=<objectGUID> has expired',
  'not-yet-valid': 'the certificate with subject CN=<objectGUID> is not valid yet (check the clocks)',
  'wrong-subject': 'no certificate has the subject CN=<objectGUID> of this object (a copied or foreign certificate)',
  unparsable: 'no userCertificate value parses as an X.509 certificate',
  'no-object-guid': 'the objectGUID could not be read, so the certificate subject cannot be compared',
};

export function judgeCertificates(record: Pick<ComputerRecord, 'objectGuid' | 'certificateCount' | 'certificates'>, nowMs: number): CertificateJudgement {
  const values = record.certificateCount;
  const tooMany = values > MAX_SYNCED_CERTIFICATES;
  const tail = tooMany ? `; ${values} values, more than Entra Connect's ${MAX_SYNCED_CERTIFICATES} (LargeObject error)` : '';
  const guid = record.objectGuid ? normalizeGuid(record.objectGuid) : undefined;
  let status: CertificateStatus;
  if (values === 0) status = 'none';
  else if (!guid) status = 'no-object-guid';
  else {
    const seen = new Set(record.certificates.map((c) => valueStatus(c, guid, nowMs)));
    status = PREFERENCE.find((s) => seen.has(s)) ?? 'unparsable';
  }
  return { status, values, tooMany, detail: DETAIL[status] + tail };
}
