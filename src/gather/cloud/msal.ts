/**
 * Token acquisition with @azure/msal-node: client credentials (secret or certificate) for an app
 * registration, or the device-code flow for an admin on a terminal. MSAL talks only through the
 * cloud HTTP client (configured CA, origin allow-list); its logging is off. The token is handed to
 * the Graph reader and never stored or printed.
 */
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import type { Configuration, INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { GraphSettings } from '../../config/cloud.js';
import { sanitizeInline } from '../../util/sanitize.js';
import type { CloudFailure } from '../../artifacts/cloud.js';
import { CloudHttpError, type CloudHttp } from './http.js';

/** What the credential needs at run time (read before any I/O). */
export type CloudSecret =
  | { kind: 'client-secret'; secret: string }
  | { kind: 'certificate'; certificatePem: string; privateKeyPem: string; thumbprintSha256: string }
  | { kind: 'device-code' };

/** MSAL's network module over the cloud HTTP client (bodies parsed as JSON, as MSAL expects). */
export function msalNetworkClient(http: CloudHttp, seen: { transport?: CloudHttpError } = {}): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const answer = await http.request(method, url, { ...(options?.headers ? { headers: options.headers } : {}), ...(options?.body !== undefined ? { body: options.body } : {}) }).catch((err: unknown) => {
      // MSAL swallows some transport errors (metadata discovery): keep the first for the message.
      if (err instanceof CloudHttpError) seen.transport ??= err;
      throw err;
    });
    let body: unknown = {};
    try {
      body = answer.text ? JSON.parse(answer.text) : {};
    } catch {
      body = {};
    }
    return { status: answer.status, headers: answer.headers, body: body as T };
  };
  return {
    sendGetRequestAsync: (url, options) => send('GET', url, options),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

/** The certificate's SHA-256 thumbprint (hex) and the key as PKCS#8 PEM (decrypted with the passphrase when given). */
export function certificateCredential(certificatePem: string, keyPem: string, passphrase?: string): { thumbprintSha256: string; privateKeyPem: string } {
  const cert = new X509Certificate(certificatePem);
  const thumbprintSha256 = createHash('sha256').update(cert.raw).digest('hex');
  const key = createPrivateKey(passphrase === undefined ? { key: keyPem } : { key: keyPem, passphrase });
  return { thumbprintSha256, privateKeyPem: key.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

export interface TokenRequest {
  graph: GraphSettings;
  tenantId: string;
  secret: CloudSecret;
  http: CloudHttp;
  /** Where the device-code prompt goes (stderr), only for the device-code flow. */
  prompt?: (message: string) => void;
}

function msalConfig(req: TokenRequest, seen: { transport?: CloudHttpError }): Configuration {
  const host = new URL(req.graph.authority).host;
  const auth: Configuration['auth'] = { clientId: req.graph.clientId, authority: `${req.graph.authority}/${req.tenantId}`, knownAuthorities: [host] };
  if (req.secret.kind === 'client-secret') auth.clientSecret = req.secret.secret;
  if (req.secret.kind === 'certificate') {
    auth.clientCertificate = { thumbprintSha256: req.secret.thumbprintSha256, privateKey: req.secret.privateKeyPem, x5c: req.secret.certificatePem };
  }
  return { auth, system: { networkClient: msalNetworkClient(req.http, seen), loggerOptions: { piiLoggingEnabled: false, loggerCallback: () => undefined } } };
}

/** Acquires an access token for Graph. Throws a CloudTokenError (stage auth, or the transport's stage). */
export async function acquireGraphToken(req: TokenRequest): Promise<string> {
  const msal = await import('@azure/msal-node');
  const seen: { transport?: CloudHttpError } = {};
  const config = msalConfig(req, seen);
  try {
    if (req.secret.kind === 'device-code') {
      const app = new msal.PublicClientApplication(config);
      const scopes = [`${req.graph.graphEndpoint}/Device.Read.All`, `${req.graph.graphEndpoint}/Application.Read.All`];
      const result = await app.acquireTokenByDeviceCode({ scopes, timeout: Math.ceil(req.graph.timeoutMs / 1000) * 10, deviceCodeCallback: (r) => req.prompt?.(r.message) });
      if (!result?.accessToken) throw new CloudTokenError({ stage: 'auth', code: 'no_token', message: 'the device-code sign-in returned no access token' });
      return result.accessToken;
    }
    const app = new msal.ConfidentialClientApplication(config);
    const result = await app.acquireTokenByClientCredential({ scopes: [`${req.graph.graphEndpoint}/.default`], skipCache: true });
    if (!result?.accessToken) throw new CloudTokenError({ stage: 'auth', code: 'no_token', message: 'the token endpoint returned no access token' });
    return result.accessToken;
  } catch (err) {
    throw err instanceof CloudTokenError ? err : new CloudTokenError(tokenFailure(seen.transport ?? err, req));
  }
}

export class CloudTokenError extends Error {
  constructor(readonly failure: CloudFailure) {
    super(failure.message);
    this.name = 'CloudTokenError';
  }
}

/** What a credential kind's AADSTS code means in words an admin can act on. */
const AADSTS_HINTS: Record<string, string> = {
  AADSTS7000215: 'invalid client secret: the secret is wrong, or it is the secret\'s id instead of its value',
  AADSTS7000222: 'the client secret has expired: create a new one in the app registration',
  AADSTS700016: 'no application with this client id in the tenant',
  AADSTS700027: 'the certificate is not registered on the app, or the assertion signature is invalid',
  AADSTS90002: 'tenant not found',
  AADSTS900023: 'the tenant id is not valid',
  AADSTS50059: 'no tenant information in the request',
};

/** One line naming the app, the tenant and the cause; the service's text is untrusted (bounded, escaped). */
export function tokenFailure(err: unknown, req: Pick<TokenRequest, 'graph' | 'tenantId'>): CloudFailure {
  const who = `sign-in of app ${req.graph.clientId} to tenant ${req.tenantId} at ${req.graph.authority}`;
  const cause = (err as { cause?: unknown }).cause;
  const transport = err instanceof CloudHttpError ? err : cause instanceof CloudHttpError ? cause : undefined;
  if (transport) return { stage: transport.stage === 'response' ? 'response' : transport.stage === 'config' ? 'config' : transport.stage, code: transport.code, message: `${who} failed: ${transport.message}` };
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const text = String(e.errorMessage ?? e.message ?? '');
  const aadsts = /AADSTS\d{5,7}/.exec(text)?.[0];
  const code = aadsts ?? (e.errorCode ? sanitizeInline(e.errorCode.slice(0, 60)) : 'auth_failed');
  const hint = aadsts ? AADSTS_HINTS[aadsts] : undefined;
  const firstLine = sanitizeInline(text.split(/\r?\n|Trace ID:/)[0]?.slice(0, 200) ?? '');
  return { stage: 'auth', code, message: `${who} failed: ${hint ? `${code} ${hint}` : firstLine || code}` };
}
