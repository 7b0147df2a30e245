import type { PeerCertificate } from 'node:tls';
import type { CertificateSummary } from '../artifacts/types.js';

/** "C=US, O=Microsoft Corporation, CN=…" from Node's name object (multi-valued parts joined with +). */
function distinguishedName(n: Record<string, unknown> | undefined): string {
  return n ? Object.entries(n).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`).join(', ') : '';
}

/** A peer certificate as the artifacts keep it (DC sessions and HTTPS probes alike); undefined when the peer sent none. */
export function summarizeCertificate(cert: PeerCertificate | undefined): CertificateSummary | undefined {
  if (!cert || Object.keys(cert).length === 0) return undefined;
  const summary: CertificateSummary = {
    subject: distinguishedName(cert.subject as unknown as Record<string, unknown>),
    issuer: distinguishedName(cert.issuer as unknown as Record<string, unknown>),
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
  };
  if (cert.fingerprint256) summary.fingerprint256 = cert.fingerprint256;
  return summary;
}
