import { CODE } from './classify.js';

/**
 * From this skew on (half an hour: skews in the order of hours), a certificate may look outside its validity period;
 * below it only Kerberos and token lifetimes suffer. Set below one hour so an hour's skew, measured with a second of
 * jitter, lands on the same side every time.
 */
export const TLS_RELEVANT_SKEW_SECONDS = 1800;

/** Seconds between a server Date header and the host clock when the headers arrived (positive: server ahead). */
export function httpSkewSeconds(date: string | undefined, headersAt: string | undefined): number | undefined {
  if (!date || !headersAt) return undefined;
  const server = Date.parse(date);
  const local = Date.parse(headersAt);
  if (Number.isNaN(server) || Number.isNaN(local)) return undefined;
  // Date has one-second resolution: up to a second of difference is no skew.
  const diff = (server - local) / 1000;
  return Math.abs(diff) <= 1 ? 0 : Math.round(diff);
}

/** A skew prediction for a finding: codes, alternative forms ("or"), message text and evidence. */
export interface SkewPrediction {
  codes: string[];
  text: string;
  evidence: Record<string, unknown>;
}

/**
 * Codes for a skew past the fail limit. Minutes of skew break Kerberos and token lifetimes, not TLS: Microsoft
 * names clock skew for ERROR_ADAL_INTERNET_SECURE_FAILURE (0xcaa82f8f) in the federated auth phase. Only hours or
 * days of skew can make certificates look outside their validity; that link to 0x801c0021/0x80072f8f is inferred.
 */
export function skewPrediction(absSeconds: number, federated: boolean): SkewPrediction {
  const tls = absSeconds >= TLS_RELEVANT_SKEW_SECONDS;
  const forms = [...(federated ? [[CODE.ADAL_SECURE_FAILURE]] : []), ...(tls ? [[CODE.DISC_FAILED, CODE.SECURE_FAILURE]] : [])];
  const [codes = [], ...alternatives] = forms;
  const said = [
    federated ? `${CODE.ADAL_SECURE_FAILURE} in the auth phase (federated token request; Microsoft names clock skew for it)` : 'Kerberos and token-lifetime failures (no federated auth phase, so no documented dsregcmd code)',
    ...(tls ? [`${CODE.DISC_FAILED}/${CODE.SECURE_FAILURE} at discovery, because a clock off by hours can make certificates look invalid (inferred)`] : []),
  ];
  const evidence: Record<string, unknown> = {};
  if (codes.length > 0) evidence['source'] = tls ? 'inferred' : 'microsoft';
  if (federated) evidence['phase'] = 'auth';
  if (tls) evidence['basis'] = 'Microsoft ties clock skew to token errors (0xcaa82f8f) in the auth phase; that a skew of hours also fails TLS at discovery is inferred.';
  if (alternatives.length > 0) evidence['alternativeCodes'] = alternatives;
  return { codes, text: said.join(', or '), evidence };
}
