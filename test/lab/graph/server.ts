/**
 * A Microsoft Graph / Entra sign-in stand-in on loopback (127.0.0.1, a free port), HTTPS with its own lab
 * CA, speaking the documented JSON shapes: the OpenID configuration MSAL reads, the v2.0 token endpoint
 * (client credentials with a secret or a certificate-signed client assertion, the device-code flow, whose signature is verified
 * against the registered certificate; a wrong secret is 401 invalid_client AADSTS7000215), `/v1.0/devices`
 * with $select, $filter (deviceId eq '...', trustType eq '...'), $top and @odata.nextLink paging,
 * `/v1.0/servicePrincipals?$filter=appId eq '...'`, a 429 with Retry-After once when asked, 401 on a bad token.
 * It records every request (method, path, whether it carried a token), never the secrets.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, randomUUID, verify, constants, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { machineTmpdir } from '../../support/run-tmpdir.js';

/** The tenant the stand-in plays (the network lab's, so SCP keywords and Graph agree) and the app the tests sign in as. */
export { TENANT_ID as LAB_TENANT_ID } from '../network/lab.js';
export const LAB_CLIENT_ID = '3c1f0e2d-4b5a-4c6d-8e7f-9a0b1c2d3e4f';

export interface LabDevice {
  id?: string;
  deviceId: string;
  displayName: string;
  accountEnabled?: boolean;
  trustType?: 'ServerAd' | 'AzureAd' | 'Workplace' | null;
  /** true: one type-2 key that decodes to X509:<...>; false: none; 'other': a key that is not X509. */
  x509?: boolean | 'other';
  isManaged?: boolean | null;
  isCompliant?: boolean | null;
  profileType?: string | null;
  approximateLastSignInDateTime?: string | null;
}

export interface GraphStandInOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  devices: LabDevice[];
  /** Page size when the request has no $top (default 2, so small lists page). */
  pageSize?: number;
  drsEnabled?: boolean | 'absent';
}

export interface GraphRequestLog {
  method: string;
  path: string;
  bearer: boolean;
  status: number;
  at: number;
}

export interface GraphStandIn {
  origin: string;
  caFile: string;
  /** The app's certificate and key (PEM files) for the certificate credential. */
  appCertFile: string;
  appKeyFile: string;
  requests: GraphRequestLog[];
  /** The next request whose path starts with `pathPrefix` is answered 429 with this Retry-After (once). */
  throttleOnce(pathPrefix: string, retryAfter: string): void;
  /** The next devices page carries an @odata.nextLink to another origin. */
  foreignNextLinkOnce(): void;
  setDevices(devices: LabDevice[]): void;
  setDrs(enabled: boolean | 'absent'): void;
  stop(): Promise<void>;
}

const DRS_APP_ID = '01cb2876-7ebd-4aa4-9cc9-d28bd4d359a9';

function run(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 });
}

function makeCerts(dir: string): void {
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/O=HAADJ Lab/CN=HAADJ Lab Graph CA', '-keyout', 'ca.key', '-out', 'ca.pem', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  writeFileSync(join(dir, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n');
  run(['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/O=HAADJ Lab/CN=graph.lab', '-keyout', 'leaf.key', '-out', 'leaf.csr'], dir);
  run(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'leaf.ext', '-out', 'leaf.pem'], dir);
  run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=haadj-preflight lab app', '-keyout', 'app.key', '-out', 'app.pem'], dir);
}

/** The documented shape of an alternativeSecurityIds entry: type 2, key = base64 of UTF-16LE `X509:<SHA1-TP-PUBKEY>...`. */
function altSecIds(d: LabDevice): Array<{ type: number; identityProvider: null; key: string }> {
  if (d.x509 === false || d.x509 === undefined) return [];
  const text = d.x509 === 'other' ? `KEY:${randomBytes(20).toString('hex')}` : `X509:<SHA1-TP-PUBKEY>${randomBytes(20).toString('hex').toUpperCase()}${randomBytes(32).toString('base64')}`;
  return [{ type: 2, identityProvider: null, key: Buffer.from(text, 'utf16le').toString('base64') }];
}

function graphDevice(d: LabDevice): Record<string, unknown> {
  return {
    id: d.id ?? randomUUID(),
    deviceId: d.deviceId,
    displayName: d.displayName,
    accountEnabled: d.accountEnabled ?? true,
    trustType: d.trustType === undefined ? 'ServerAd' : d.trustType,
    alternativeSecurityIds: altSecIds(d),
    isManaged: d.isManaged === undefined ? true : d.isManaged,
    isCompliant: d.isCompliant === undefined ? true : d.isCompliant,
    approximateLastSignInDateTime: d.approximateLastSignInDateTime === undefined ? '2026-11-30T08:00:00Z' : d.approximateLastSignInDateTime,
    registrationDateTime: '2026-01-15T10:00:00Z',
    operatingSystem: 'Windows',
    operatingSystemVersion: '10.0.22631.4460',
    profileType: d.profileType === undefined ? (d.trustType === 'Workplace' ? 'RegisteredDevice' : null) : d.profileType,
    onPremisesSyncEnabled: d.trustType === undefined || d.trustType === 'ServerAd' ? true : null,
    deviceMetadata: null,
    physicalIds: ['[USER-GID]:opaque'],
  };
}

const b64url = (b: Buffer) => b.toString('base64url');

/** Verifies a client assertion (RFC 7523) signed with the registered certificate: alg, thumbprint, signature, claims. */
function assertionValid(jwt: string, cert: X509Certificate, clientId: string, audience: string): boolean {
  const parts = jwt.split('.');
  if (parts.length !== 3) return false;
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return false;
  }
  const key = createPublicKey(cert.publicKey.export({ type: 'spki', format: 'pem' }));
  const data = Buffer.from(`${h}.${p}`);
  const sig = Buffer.from(s, 'base64url');
  const okSig = header['alg'] === 'PS256'
    ? verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, sig)
    : header['alg'] === 'RS256' ? verify('sha256', data, key, sig) : false;
  const x5t = header['x5t#S256'] ?? header['x5t'];
  const expected = header['x5t#S256'] ? b64url(createHash('sha256').update(cert.raw).digest()) : b64url(createHash('sha1').update(cert.raw).digest());
  const now = Date.now() / 1000;
  return okSig && x5t === expected && payload['iss'] === clientId && payload['sub'] === clientId && payload['aud'] === audience && typeof payload['exp'] === 'number' && payload['exp'] > now;
}

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1_000_000) break;
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function project(o: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (!select) return o;
  const out: Record<string, unknown> = {};
  for (const k of select.split(',')) if (k in o) out[k] = o[k];
  return out;
}

/** The $filter forms the tool sends: `deviceId eq '<guid>'`, `displayName eq '<name>'`, `appId eq '<guid>'`, `trustType eq '<v>'`. */
function filterOf(filter: string | null): ((o: Record<string, unknown>) => boolean) | 'bad' | null {
  if (!filter) return null;
  const m = /^(deviceId|appId|trustType|displayName) eq '([^']*)'$/.exec(filter);
  if (!m) return 'bad';
  const [, field, value] = m as unknown as [string, string, string];
  return (o) => String(o[field] ?? '').toLowerCase() === value.toLowerCase();
}

export async function startGraphStandIn(options: GraphStandInOptions): Promise<GraphStandIn> {
  const dir = mkdtempSync(join(machineTmpdir(), 'haadj-graphlab-'));
  makeCerts(dir);
  const appCert = new X509Certificate(readFileSync(join(dir, 'app.pem')));
  const tokens = new Set<string>();
  const deviceCodes = new Map<string, number>();
  const requests: GraphRequestLog[] = [];
  let devices = options.devices.map(graphDevice);
  let drs: boolean | 'absent' = options.drsEnabled ?? true;
  let throttle: { prefix: string; retryAfter: string } | undefined;
  let foreignNext = false;
  let origin = '';

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const auth = req.headers['authorization'];
    const send = (status: number, o: unknown, headers: Record<string, string> = {}) => {
      requests.push({ method: req.method ?? 'GET', path: url.pathname + url.search, bearer: typeof auth === 'string' && auth.startsWith('Bearer '), status, at: Date.now() });
      const text = JSON.stringify(o);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
      res.end(text);
    };
    const parts = url.pathname.split('/').filter(Boolean);
    if (throttle && url.pathname.startsWith(throttle.prefix)) {
      const t = throttle;
      throttle = undefined;
      return send(429, { error: { code: 'TooManyRequests', message: 'Too many requests' } }, { 'retry-after': t.retryAfter });
    }
    const tenant = parts[0]?.toLowerCase();
    if (tenant === options.tenantId && parts[1] === 'v2.0' && parts[2] === '.well-known' && parts[3] === 'openid-configuration') {
      const base = `${origin}/${options.tenantId}`;
      return send(200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${origin}/${options.tenantId}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'lab.invalid',
      });
    }
    if (tenant === options.tenantId && parts[1] === 'oauth2' && parts[2] === 'v2.0' && parts[3] === 'devicecode' && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      if (form.get('client_id') !== options.clientId) return send(400, { error: 'unauthorized_client', error_description: 'AADSTS700016: Application not found in the directory.' });
      const code = randomBytes(16).toString('base64url');
      deviceCodes.set(code, 0);
      return send(200, { user_code: 'LABCODE42', device_code: code, verification_uri: `${origin}/devicelogin`, expires_in: 60, interval: 1, message: `To sign in, open ${origin}/devicelogin and enter the code LABCODE42 to authenticate.` });
    }
    if (tenant === options.tenantId && parts[1] === 'oauth2' && parts[2] === 'v2.0' && parts[3] === 'token' && req.method === 'POST') {
      const form = new URLSearchParams(await body(req));
      const stamp = { timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19) + 'Z', trace_id: randomUUID(), correlation_id: form.get('client-request-id') ?? randomUUID() };
      if (form.get('grant_type') === 'device_code' || form.get('grant_type') === 'urn:ietf:params:oauth:grant-type:device_code') {
        // The admin "signs in" after the first poll: one authorization_pending, then the token.
        const polls = deviceCodes.get(form.get('device_code') ?? '');
        if (polls === undefined) return send(400, { error: 'expired_token', error_description: 'AADSTS70019: Verification code expired.', error_codes: [70019], ...stamp });
        deviceCodes.set(form.get('device_code') ?? '', polls + 1);
        if (polls === 0) return send(400, { error: 'authorization_pending', error_description: 'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.', error_codes: [70016], ...stamp });
        const token = `lab.${randomBytes(24).toString('base64url')}`;
        tokens.add(token);
        return send(200, { token_type: 'Bearer', scope: 'Device.Read.All Application.Read.All', expires_in: 3599, ext_expires_in: 3599, access_token: token });
      }
      if (form.get('grant_type') !== 'client_credentials') return send(400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.', error_codes: [70003], ...stamp });
      if (form.get('client_id') !== options.clientId) {
        return send(400, { error: 'unauthorized_client', error_description: `AADSTS700016: Application with identifier '${form.get('client_id')}' was not found in the directory.`, error_codes: [700016], ...stamp });
      }
      const audience = `${origin}/${options.tenantId}/oauth2/v2.0/token`;
      const assertion = form.get('client_assertion');
      const ok = assertion !== null
        ? form.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' && assertionValid(assertion, appCert, options.clientId, audience)
        : form.get('client_secret') === options.clientSecret;
      if (!ok) {
        const description = assertion !== null
          ? `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. Trace ID: ${stamp.trace_id} Correlation ID: ${stamp.correlation_id} Timestamp: ${stamp.timestamp}`
          : `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${options.clientId}'. Trace ID: ${stamp.trace_id} Correlation ID: ${stamp.correlation_id} Timestamp: ${stamp.timestamp}`;
        return send(401, { error: 'invalid_client', error_description: description, error_codes: [assertion !== null ? 700027 : 7000215], ...stamp, error_uri: `${origin}/error?code=${assertion !== null ? 700027 : 7000215}` });
      }
      const token = `lab.${randomBytes(24).toString('base64url')}`;
      tokens.add(token);
      return send(200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token });
    }
    if (parts[0] === 'v1.0') {
      const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : '';
      if (!tokens.has(bearer)) return send(401, { error: { code: 'InvalidAuthenticationToken', message: bearer ? 'Access token validation failure. Invalid audience.' : 'Access token is empty.', innerError: { date: new Date().toISOString(), 'request-id': randomUUID() } } });
      const filter = filterOf(url.searchParams.get('$filter'));
      if (filter === 'bad') return send(400, { error: { code: 'Request_UnsupportedQuery', message: 'Unsupported or invalid query filter clause specified.' } });
      const select = url.searchParams.get('$select');
      if (parts[1] === 'devices' && parts.length === 2) {
        const all = devices.filter((d) => !filter || filter(d));
        const top = Math.min(Number(url.searchParams.get('$top') ?? options.pageSize ?? 2) || 2, options.pageSize ?? 2);
        const skip = Number(url.searchParams.get('$skiptoken') ?? '0') || 0;
        const page = all.slice(skip, skip + top).map((d) => project(d, select));
        const next = new URL(url.href.replace('https://127.0.0.1', origin));
        next.searchParams.set('$skiptoken', String(skip + top));
        const nextLink = skip + top < all.length ? (foreignNext ? next.href.replace(origin, 'https://graph.elsewhere.invalid') : next.href) : undefined;
        if (nextLink && foreignNext) foreignNext = false;
        return send(200, { '@odata.context': `${origin}/v1.0/$metadata#devices${select ? `(${select})` : ''}`, value: page, ...(nextLink ? { '@odata.nextLink': nextLink } : {}) });
      }
      if (parts[1] === 'servicePrincipals' && parts.length === 2) {
        const sps = drs === 'absent' ? [] : [{ id: '5e6f7a8b-0000-4000-8000-000000000001', appId: DRS_APP_ID, displayName: 'Device Registration Service', accountEnabled: drs, servicePrincipalType: 'Application' }];
        return send(200, { '@odata.context': `${origin}/v1.0/$metadata#servicePrincipals`, value: sps.filter((s) => !filter || filter(s)).map((s) => project(s, select)) });
      }
      return send(404, { error: { code: 'Request_ResourceNotFound', message: 'Resource not found.' } });
    }
    return send(404, { error: 'not_found', error_description: `AADSTS90002: Tenant '${tenant ?? ''}' not found.` });
  };

  const server: Server = createServer({ key: readFileSync(join(dir, 'leaf.key')), cert: readFileSync(join(dir, 'leaf.pem')) }, (req, res) => {
    handler(req, res).catch(() => { res.statusCode = 500; res.end(); });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    caFile: join(dir, 'ca.pem'),
    appCertFile: join(dir, 'app.pem'),
    appKeyFile: join(dir, 'app.key'),
    requests,
    throttleOnce: (prefix, retryAfter) => { throttle = { prefix, retryAfter }; },
    foreignNextLinkOnce: () => { foreignNext = true; },
    setDevices: (d) => { devices = d.map(graphDevice); },
    setDrs: (e) => { drs = e; },
    stop: async () => {
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
