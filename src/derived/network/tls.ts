import type { CertificateSummary } from '../../artifacts/types.js';

/** Protocols older than TLS 1.2 (which DRS requires). */
export function isBelowTls12(protocol: string | undefined): boolean {
  return protocol !== undefined && /^(SSLv2|SSLv3|TLSv1|TLSv1\.1)$/.test(protocol);
}

/**
 * Does the peer chain come from an expected issuer? True when some certificate in the chain names one of the
 * expected strings (case-insensitive) in its issuer. A TLS-inspecting proxy re-signs with its own CA, so no
 * certificate it sends carries the Microsoft/DigiCert issuer.
 */
export function chainHasExpectedIssuer(chain: readonly CertificateSummary[], expected: readonly string[]): boolean {
  const wanted = expected.map((e) => e.toLowerCase());
  return chain.some((c) => wanted.some((w) => c.issuer.toLowerCase().includes(w)));
}

/** The issuer of the leaf, for messages. */
export function leafIssuer(chain: readonly CertificateSummary[]): string {
  return chain[0]?.issuer ?? '(no certificate)';
}
