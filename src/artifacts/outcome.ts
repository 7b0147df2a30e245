/**
 * The one outcome model of the artifacts: every gathered target (a forest's DC discovery, a DC, a PAC
 * download and each of its decisions, a probe) records either what it observed or one typed failure,
 * plus, on failure, what it had observed before it stopped (a DC's TLS session before a bind failure,
 * a probe's DNS answer and the proxy's CONNECT response, a TLS chain before an HTTP failure).
 */

/** Where in the chain of operations against one target it stopped. A timeout is `code: 'ETIMEDOUT'` in the stage it hit. */
export type Stage =
  | 'dns'
  | 'connect'
  /** The HTTP proxy's CONNECT. */
  | 'proxy'
  | 'tls'
  | 'starttls'
  | 'bind'
  | 'rootdse'
  | 'search'
  | 'http'
  /** Loading or evaluating a PAC file, or following the route it chose. */
  | 'pac';

export interface Failure {
  stage: Stage;
  /** Short machine-readable cause: ENOTFOUND, ECONNREFUSED, ETIMEDOUT, UNABLE_TO_VERIFY_LEAF_SIGNATURE, invalidCredentials, PROXY_STATUS, ... */
  code: string;
  /** One line for a human, already free of secrets. */
  message: string;
  /** Bounded raw detail beyond the message (free of secrets too), when there is any. */
  detail?: string;
}

/** What one gathered target gave: its value, or the failure and (when anything was seen first) the partial evidence. */
export type Gathered<T, P = never> = { ok: true; value: T } | { ok: false; failure: Failure; partial?: P };

/** What was observed, whether the target finished or not: the value, else the partial evidence, else undefined. */
export function observed<T, P>(g: Gathered<T, P>): T | P | undefined {
  return g.ok ? g.value : g.partial;
}

/** The failure of a target, undefined when it finished. */
export function failureOf<T, P>(g: Gathered<T, P>): Failure | undefined {
  return g.ok ? undefined : g.failure;
}

/** Builds the outcome from what a gatherer saw and how it ended; an empty observation is not kept as partial. */
export function gathered<T extends object>(seen: T, failure: Failure | undefined): Gathered<T, T> {
  if (!failure) return { ok: true, value: seen };
  return Object.keys(seen).length > 0 ? { ok: false, failure, partial: seen } : { ok: false, failure };
}
