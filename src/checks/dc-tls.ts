import { perDc } from './helpers.js';
import type { Check } from './types.js';
import { dcFailureEvidence } from '../derived/failure-evidence.js';

export const dcTls: Check<'forests'> = {
  meta: {
    id: 'dc-tls',
    title: 'LDAP connection is protected by verified TLS',
    description: 'Negotiates LDAPS or StartTLS (TLS 1.2 or later) and verifies the DC certificate against the system CAs plus the configured caFile and the DC\'s host name.',
    severity: 'medium',
    needs: ['forests'],
    codes: [],
  },
  run(artifacts) {
    return perDc(artifacts, (dc) => {
      const f = dc.failure;
      if (f && (f.stage === 'dns' || f.stage === 'connect')) return { status: 'skip', message: 'Not reached: the DC did not accept a connection.' };
      if (f && (f.stage === 'tls' || f.stage === 'starttls')) {
        const untrusted = /UNABLE_TO|SELF_SIGNED|DEPTH_ZERO|CERT_UNTRUSTED|UNABLE_TO_GET_ISSUER/.test(f.code);
        const nameMismatch = /ALTNAME|HOSTNAME/.test(f.code);
        const why = untrusted
          ? 'its certificate is not issued by a CA this host trusts'
          : nameMismatch
            ? `its certificate does not name ${dc.host}`
            : f.code === 'ETIMEDOUT'
              ? f.stage === 'starttls'
                ? 'the StartTLS negotiation got no answer before the timeout'
                : 'the TLS handshake did not finish before the timeout'
              : f.code === 'ECONNRESET'
                ? 'the DC closed the connection during the TLS handshake (a DC without a usable server certificate does this)'
                : f.message;
        return {
          status: 'error',
          message: `TLS with ${dc.host} failed: ${why} (${f.code}). The directory could not be read securely, so the SCP checks for this DC did not run.`,
          remedy: untrusted
            ? 'Give the issuing CA certificate (PEM) in forests[].caFile. Verification is never turned off.'
            : nameMismatch
              ? 'Connect by the name the certificate carries (forests[].servers), or reissue the DC certificate with that DNS name.'
              : f.stage === 'starttls'
                ? 'Check that the DC supports StartTLS, or use tls: "ldaps".'
                : 'Check the DC certificate and TLS configuration (TLS 1.2+ is required).',
          evidence: { failure: dcFailureEvidence(f) },
        };
      }
      if (dc.tls === 'plain') {
        return { status: 'warn', message: 'Plain LDAP was requested: the connection is not encrypted.', remedy: 'Use tls: "ldaps" (default) or "starttls".' };
      }
      if (!dc.tlsSession) return { status: 'skip', message: 'Not reached.' };
      const cert = dc.tlsSession.peerCertificate;
      return {
        status: 'pass',
        message: `${dc.tlsSession.protocol ?? 'TLS'} (${dc.tls}) verified for ${dc.host}${cert ? `; certificate issued by ${cert.issuer}, valid to ${cert.validTo}` : ''}.`,
        evidence: { tlsSession: dc.tlsSession },
      };
    });
  },
};
