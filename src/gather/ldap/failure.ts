import type { Failure, Stage } from '../../artifacts/outcome.js';

const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;
const CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EPIPE']);
const DNS_CODES = new Set(['ENOTFOUND', 'ENODATA', 'ESERVFAIL', 'EREFUSED', 'ECONNREFUSED_DNS', 'ETIMEOUT', 'ENONAME', 'EBADRESP', 'ECANCELLED']);

/** LDAP result-code error classes from ldapts, by name → short cause. */
const LDAP_CAUSES: Record<string, string> = {
  InvalidCredentialsError: 'invalidCredentials',
  StrongAuthRequiredError: 'strongerAuthRequired',
  ConfidentialityRequiredError: 'confidentialityRequired',
  InsufficientAccessError: 'insufficientAccessRights',
  NoSuchObjectError: 'noSuchObject',
  UnwillingToPerformError: 'unwillingToPerform',
  InappropriateAuthError: 'inappropriateAuthentication',
  BusyError: 'busy',
  UnavailableError: 'unavailable',
  TLSNotSupportedError: 'startTlsNotSupported',
};

/** Turns any thrown value into a Failure; `stage` is where we were, refined by the error itself. */
export function describeFailure(err: unknown, stage: Stage): Failure {
  const e = err as { code?: unknown; name?: string; message?: string } | undefined;
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const message = (e?.message ?? String(err)).split('\n')[0] ?? '';
  if (e?.name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return { stage, code: 'ETIMEDOUT', message };
  }
  if (code && TLS_CODES.test(code)) return { stage: stage === 'starttls' ? 'starttls' : 'tls', code, message };
  if (code && stage === 'dns' && DNS_CODES.has(code)) return { stage: 'dns', code, message };
  // A reset after the connection was up (mid-search) stays in its stage; the caller knows whether TCP was up.
  if (code && CONNECT_CODES.has(code)) return { stage, code, message };
  const ldapCause = e?.name ? LDAP_CAUSES[e.name] : undefined;
  if (ldapCause) return { stage, code: ldapCause, message };
  return { stage, code: code ?? e?.name ?? 'error', message };
}
