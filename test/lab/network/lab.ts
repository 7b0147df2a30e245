/**
 * The network lab: real dnsmasq, real squid (open, basic-auth, TLS-bumping, bumping-and-blocking ports), an HTTPS
 * server playing the Entra endpoints with certificates from a lab CA, a hung port, a closed port, a PAC file.
 * Everything binds to 127.0.77.0/24; squid has no peer and asks only the lab DNS; dnsmasq has no upstream.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect, createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { claimLabDir, reapStaleLabDirs, recordChild } from '../stale.js';
import { machineTmpdir } from '../../support/run-tmpdir.js';

export const LAB_IP = {
  origin: '127.0.77.1',
  /** TLS 1.0/1.1 only, Date one hour ahead: plays the US Government hosts. */
  oldOrigin: '127.0.77.2',
  squid: '127.0.77.10',
  /** A Node proxy that answers every request with 407 offering only Negotiate and NTLM (machine-account schemes). */
  negotiate: '127.0.77.11',
  hung: '127.0.77.20',
  closed: '127.0.77.21',
  dns: '127.0.77.53',
} as const;

export const LAB_PORTS = { open: 31280, auth: 31281, bump: 31282, portal: 31283, negotiate: 31284, hung: 31299, closed: 9, pacHttp: 31380 } as const;

export const TENANT_ID = '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b';
export const OTHER_TENANT_ID = '0a0b0c0d-1111-2222-3333-444455556666';
export const PROXY_USER = 'labuser';
export const PROXY_PASSWORD = 'lab-Secret-42';

/** Names the lab DNS answers, and where they point. China cloud names are deliberately absent (NXDOMAIN). */
export const LAB_NAMES: Record<string, string> = {
  'enterpriseregistration.windows.net': LAB_IP.origin,
  'login.microsoftonline.com': LAB_IP.origin,
  'device.login.microsoftonline.com': LAB_IP.origin,
  'autologon.microsoftazuread-sso.com': LAB_IP.origin,
  'certauth.enterpriseregistration.windows.net': LAB_IP.origin,
  'enterpriseregistration.microsoftonline.us': LAB_IP.oldOrigin,
  'login.microsoftonline.us': LAB_IP.oldOrigin,
  'device.login.microsoftonline.us': LAB_IP.oldOrigin,
  'autologon.microsoft.us': LAB_IP.oldOrigin,
  'certauth.enterpriseregistration.microsoftonline.us': LAB_IP.oldOrigin,
  'wpad.lab.test': LAB_IP.origin,
};

export interface NetworkLabInfo {
  dir: string;
  /** CA that signs the lab "Microsoft" endpoints. */
  originCaFile: string;
  originCaName: string;
  inspectCaName: string;
  dnsServer: string;
  proxies: { open: string; auth: string; bump: string; portal: string; negotiate: string; hung: string; closed: string };
  pacFile: string;
  pacUrl: string;
  winhttpFile: string;
  tenantId: string;
  otherTenantId: string;
  proxyUser: string;
  proxyPassword: string;
  startupMs: number;
}

const ORIGIN_CA = 'HAADJ Lab Origin CA';
const NETLAB_PREFIX = 'haadj-netlab-';

/** Fails when something already listens where the lab is about to bind (never test against a stranger). */
async function assertFree(host: string, port: number, what: string): Promise<void> {
  const taken = await new Promise<boolean>((resolve) => {
    const s = connect({ host, port });
    const t = setTimeout(() => { s.destroy(); resolve(false); }, 500);
    s.once('connect', () => { clearTimeout(t); s.destroy(); resolve(true); });
    s.once('error', () => { clearTimeout(t); resolve(false); });
  });
  if (taken) throw new Error(`network lab: ${host}:${port} (${what}) is already in use by a process this lab did not start`);
}
const INSPECT_CA = 'HAADJ Lab Inspection CA';

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: 30_000 }).toString();
}

function makeCerts(dir: string): void {
  const names = Object.keys(LAB_NAMES);
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n');
  for (const [file, cn] of [['origin-ca', ORIGIN_CA], ['inspect-ca', INSPECT_CA]] as const) {
    run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '30', '-subj', `/O=HAADJ Lab/CN=${cn}`, '-keyout', `${file}.key`, '-out', `${file}.pem`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  }
  run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/O=HAADJ Lab/CN=enterpriseregistration.windows.net', '-keyout', 'leaf.key', '-out', 'leaf.csr'], dir);
  run('openssl', ['x509', '-req', '-in', 'leaf.csr', '-CA', 'origin-ca.pem', '-CAkey', 'origin-ca.key', '-CAcreateserial', '-days', '30', '-extfile', 'leaf.ext', '-out', 'leaf.pem'], dir);
  writeFileSync(join(dir, 'inspect-ca-bundle.pem'), readFileSync(join(dir, 'inspect-ca.pem'), 'utf8') + readFileSync(join(dir, 'inspect-ca.key'), 'utf8'));
}

/** Plays DRS / Evo STS for a handful of tenant names whose behaviour the tests rely on. */
function originHandler(skewMs: number) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (skewMs) res.sendDate = false;
    const send = (status: number, type: string, body: string) => {
      const headers: Record<string, string> = { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) };
      if (skewMs) headers['date'] = new Date(Date.now() + skewMs).toUTCString();
      res.writeHead(status, headers);
      res.end(body);
    };
    const json = (status: number, o: unknown) => send(status, 'application/json; charset=utf-8', JSON.stringify(o));
    const url = new URL(req.url ?? '/', 'https://lab');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const tenant = parts[0]?.toLowerCase() ?? '';
    const notFound = { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID.` };
    if (parts[1] === 'discover') {
      if (tenant === 'busy.lab.test') return send(503, 'text/plain', 'Service Unavailable');
      if (tenant === 'ghost.lab.test') return json(400, { ErrorType: 'TenantNotFound', Message: `AADSTS90002: Tenant '${tenant}' not found.` });
      if (tenant === 'html.lab.test') return send(200, 'text/html; charset=utf-8', '<!DOCTYPE html><html><head><title>Sign in</title></head><body><form>Proxy sign-in</form></body></html>');
      return json(200, {
        DeviceRegistrationService: { RegistrationEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/DeviceEnrollmentWebService.svc', RegistrationResourceId: 'urn:ms-drs:enterpriseregistration.windows.net', ServiceVersion: '1.0' },
        AuthenticationService: { OAuth2: { AuthCodeEndpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/authorize`, TokenEndpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/token` } },
        DeviceJoinService: { JoinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/', JoinResourceId: 'urn:ms-drs:enterpriseregistration.windows.net', ServiceVersion: '2.0' },
      });
    }
    if (parts[1] === 'enrollmentserver' && parts[2] === 'contract') {
      if (tenant === 'ghost.lab.test') return json(400, { ErrorType: 'TenantNotFound', Message: 'AADSTS90002' });
      return json(200, { DeviceRegistrationService: { RegistrationEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/' } });
    }
    if (parts[1] === '.well-known' && parts[2] === 'openid-configuration') {
      if (tenant === 'ghost.lab.test') return json(400, notFound);
      const tid = tenant === 'mismatch.lab.test' ? OTHER_TENANT_ID : TENANT_ID;
      return json(200, { issuer: `https://sts.windows.net/${tid}/`, token_endpoint: `https://login.microsoftonline.com/${tid}/oauth2/token`, tenant_region_scope: 'EU', cloud_instance_name: 'microsoftonline.com' });
    }
    if (parts[0] === 'common' && parts[1]?.toLowerCase() === 'userrealm') {
      const user = (url.searchParams.get('user') ?? '').toLowerCase();
      const domain = user.includes('@') ? user.split('@')[1] : user;
      if (domain === 'ghost.lab.test' || domain === 'unverified.lab.test') return json(200, { ver: '1.0', account_type: 'Unknown', domain_name: domain });
      if (domain === 'federated.lab.test') return json(200, { ver: '1.0', account_type: 'Federated', domain_name: domain, federation_protocol: 'WSTrust', federation_metadata_url: 'https://sts.lab.test/adfs/services/trust/mex' });
      return json(200, { ver: '1.0', account_type: 'Managed', domain_name: domain, cloud_instance_name: 'microsoftonline.com' });
    }
    if (url.pathname === '/proxy.pac') return send(200, 'application/x-ns-proxy-autoconfig', readFileSync(process.env['HAADJ_LAB_PAC'] ?? '/dev/null', 'utf8'));
    if (parts[0] === 'common' && parts[1] === 'oauth2') return json(200, {});
    return send(200, 'text/plain', 'lab endpoint\n');
  };
}

function listen(server: HttpsServer | HttpServer | NetServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Polls a TCP port until it accepts, at most `ms`. */
async function waitForPort(host: string, port: number, ms: number, what: string, child?: ChildProcess): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect({ host, port });
      const t = setTimeout(() => { s.destroy(); resolve(false); }, 500);
      s.once('connect', () => { clearTimeout(t); s.destroy(); resolve(true); });
      s.once('error', () => { clearTimeout(t); resolve(false); });
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`${what} did not listen on ${host}:${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Asks the lab DNS for a name with dig-free Node (bounded). */
async function waitForDns(ms: number, child: ChildProcess): Promise<void> {
  const { Resolver } = await import('node:dns/promises');
  const until = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`dnsmasq exited with code ${child.exitCode}`);
    const r = new Resolver({ timeout: 500, tries: 1 });
    r.setServers([LAB_IP.dns]);
    try {
      const a = await r.resolve4('login.microsoftonline.com');
      if (a[0] === LAB_IP.origin) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error(`dnsmasq did not answer on ${LAB_IP.dns}:53 within ${ms} ms`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

function squidConf(dir: string): string {
  const ip = LAB_IP.squid;
  const bumpOpts = `ssl-bump generate-host-certificates=on dynamic_cert_mem_cache_size=4MB tls-cert=${dir}/inspect-ca-bundle.pem`;
  return `# HAADJ network lab squid: loopback only, no peers, lab DNS only.
http_port ${ip}:${LAB_PORTS.open} name=open
http_port ${ip}:${LAB_PORTS.auth} name=auth
http_port ${ip}:${LAB_PORTS.bump} name=bump ${bumpOpts}
http_port ${ip}:${LAB_PORTS.portal} name=portal ${bumpOpts}
sslcrtd_program /usr/lib/squid/security_file_certgen -s ${dir}/ssl_db -M 4MB
sslcrtd_children 2 startup=1 idle=1
tls_outgoing_options cafile=${dir}/origin-ca.pem
acl step1 at_step SslBump1
ssl_bump peek step1
ssl_bump bump all
auth_param basic program /usr/lib/squid/basic_ncsa_auth ${dir}/squid.passwd
auth_param basic children 2 startup=1 idle=1
auth_param basic realm haadj-lab
acl authed proxy_auth REQUIRED
acl p_open myportname open
acl p_auth myportname auth
acl p_bump myportname bump
acl p_portal myportname portal
acl CONNECT method CONNECT
http_access allow p_open
http_access allow p_auth authed
http_access deny p_auth
http_access allow p_bump
http_access allow p_portal CONNECT
http_access deny p_portal
http_access deny all
dns_nameservers ${LAB_IP.dns}
hosts_file none
cache deny all
cache_mem 8 MB
cache_log ${dir}/squid-cache.log
access_log stdio:${dir}/squid-access.log
pid_filename ${dir}/squid.pid
coredump_dir ${dir}
netdb_filename none
pinger_enable off
icp_port 0
htcp_port 0
snmp_port 0
udp_incoming_address ${ip}
connect_timeout 5 seconds
shutdown_lifetime 1 second
visible_hostname haadj-lab-proxy
`;
}

/**
 * A minimal real HTTP proxy: reads each request head (CONNECT or GET) and answers 407 with two Proxy-Authenticate
 * headers, Negotiate and NTLM, the way a proxy set up for Windows integrated authentication does. It never lets
 * anything through: without a KDC/domain, no client here can authenticate as a computer account.
 */
function negotiateProxy(held: Socket[]): NetServer {
  return createNetServer((s) => {
    held.push(s);
    s.on('error', () => undefined);
    let head = '';
    s.on('data', (d: Buffer) => {
      head += d.toString('latin1');
      if (head.length > 16_384) return s.destroy();
      if (!head.includes('\r\n\r\n')) return;
      s.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Negotiate\r\nProxy-Authenticate: NTLM\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
}

export interface RunningLab {
  info: NetworkLabInfo;
  stop(): Promise<void>;
}

/** Signals the child's whole process group (squid's helpers too); SIGKILL after `ms`. */
async function stopChild(child: ChildProcess | undefined, ms: number): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const pid = child.pid;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const kill = (signal: NodeJS.Signals) => { try { process.kill(-pid, signal); } catch { child.kill(signal); } };
  kill('SIGTERM');
  const t = setTimeout(() => kill('SIGKILL'), ms);
  await Promise.race([exited, new Promise((r) => setTimeout(r, ms + 2000))]);
  clearTimeout(t);
}

export async function startNetworkLab(): Promise<RunningLab> {
  const t0 = Date.now();
  for (const bin of ['/usr/sbin/squid', '/usr/sbin/dnsmasq', '/usr/lib/squid/security_file_certgen', '/usr/lib/squid/basic_ncsa_auth']) {
    if (!existsSync(bin)) throw new Error(`network lab: ${bin} is missing (install the Debian packages squid-openssl and dnsmasq-base)`);
  }
  // A run killed before its teardown leaves squid and dnsmasq on the lab's fixed addresses: stop them.
  await reapStaleLabDirs(NETLAB_PREFIX);
  const dir = mkdtempSync(join(machineTmpdir(), NETLAB_PREFIX));
  claimLabDir(dir);
  const children: ChildProcess[] = [];
  const servers: Array<HttpsServer | HttpServer | NetServer> = [];
  const held: Socket[] = [];
  const stop = async () => {
    for (const s of held) s.destroy();
    await Promise.all(servers.map((s) => new Promise<void>((r) => { s.close(() => r()); (s as HttpServer).closeAllConnections?.(); })));
    await Promise.all(children.map((c) => stopChild(c, 3000)));
    if (!process.env['HAADJ_LAB_KEEP']) rmSync(dir, { recursive: true, force: true });
  };
  try {
    makeCerts(dir);
    const pacFile = join(dir, 'proxy.pac');
    writeFileSync(pacFile, `function FindProxyForURL(url, host) {
  if (dnsDomainIs(host, "device.login.microsoftonline.com")) return "PROXY ${LAB_IP.closed}:${LAB_PORTS.closed}";
  if (host == "login.microsoftonline.com") return "PROXY ${LAB_IP.squid}:${LAB_PORTS.auth}";
  if (shExpMatch(host, "*.windows.net")) return "PROXY ${LAB_IP.squid}:${LAB_PORTS.open}; DIRECT";
  return "DIRECT";
}
`);
    process.env['HAADJ_LAB_PAC'] = pacFile;
    const winhttpFile = join(dir, 'winhttp.txt');
    writeFileSync(winhttpFile, `\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Proxy Server(s) :  ${LAB_IP.squid}:${LAB_PORTS.open}\r\n    Bypass List     :  *.lab.test;<local>\r\n\r\n`);
    const hash = run('openssl', ['passwd', '-apr1', PROXY_PASSWORD], dir).trim();
    writeFileSync(join(dir, 'squid.passwd'), `${PROXY_USER}:${hash}\n`);

    // Endpoints.
    const key = readFileSync(join(dir, 'leaf.key'));
    const cert = readFileSync(join(dir, 'leaf.pem'));
    const origin = createHttpsServer({ key, cert }, originHandler(0));
    await listen(origin, LAB_IP.origin, 443);
    servers.push(origin);
    const old = createHttpsServer({ key, cert, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT:@SECLEVEL=0' }, originHandler(3600_000));
    await listen(old, LAB_IP.oldOrigin, 443);
    servers.push(old);
    const pacServer = createHttpServer(originHandler(0));
    await listen(pacServer, LAB_IP.origin, LAB_PORTS.pacHttp);
    servers.push(pacServer);
    const hung = createNetServer((s) => {
      held.push(s);
      s.on('error', () => undefined);
    });
    await listen(hung, LAB_IP.hung, LAB_PORTS.hung);
    servers.push(hung);
    await assertFree(LAB_IP.negotiate, LAB_PORTS.negotiate, 'negotiate proxy');
    const negotiate = negotiateProxy(held);
    await listen(negotiate, LAB_IP.negotiate, LAB_PORTS.negotiate);
    servers.push(negotiate);

    // DNS.
    await assertFree(LAB_IP.dns, 53, 'dnsmasq');
    const dnsArgs = ['--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--no-poll', '--bind-interfaces', `--listen-address=${LAB_IP.dns}`, '--port=53', `--pid-file=${dir}/dnsmasq.pid`, '--log-facility=-'];
    for (const [name, ip] of Object.entries(LAB_NAMES)) dnsArgs.push(`--address=/${name}/${ip}`);
    for (const zone of ['cn', 'us', 'com', 'net', 'test']) dnsArgs.push(`--local=/${zone}/`);
    const dnsmasq = spawn('/usr/sbin/dnsmasq', dnsArgs, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    children.push(dnsmasq);
    recordChild(dir, dnsmasq.pid, `--pid-file=${dir}/dnsmasq.pid`);
    let dnsErr = '';
    dnsmasq.stderr?.on('data', (d: Buffer) => (dnsErr += d.toString()));
    await waitForDns(10_000, dnsmasq).catch((err: Error) => {
      throw new Error(`${err.message}: ${dnsErr.trim()}`);
    });

    // Squid.
    run('/usr/lib/squid/security_file_certgen', ['-c', '-s', join(dir, 'ssl_db'), '-M', '4MB'], dir);
    writeFileSync(join(dir, 'squid.conf'), squidConf(dir));
    mkdirSync(join(dir, 'run'), { recursive: true });
    run('chown', ['-R', 'proxy:proxy', dir], dir);
    chownSync(dir, 13, 13);
    for (const port of [LAB_PORTS.open, LAB_PORTS.auth, LAB_PORTS.bump, LAB_PORTS.portal]) await assertFree(LAB_IP.squid, port, 'squid');
    const squid = spawn('/usr/sbin/squid', ['-N', '-f', join(dir, 'squid.conf')], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(squid);
    recordChild(dir, squid.pid, join(dir, 'squid.conf'));
    let squidErr = '';
    squid.stderr?.on('data', (d: Buffer) => (squidErr += d.toString()));
    try {
      for (const port of [LAB_PORTS.open, LAB_PORTS.auth, LAB_PORTS.bump, LAB_PORTS.portal]) await waitForPort(LAB_IP.squid, port, 30_000, 'squid', squid);
    } catch (err) {
      const log = existsSync(join(dir, 'squid-cache.log')) ? readFileSync(join(dir, 'squid-cache.log'), 'utf8').slice(-2000) : '';
      throw new Error(`${(err as Error).message}\n${squidErr.slice(-2000)}\n${log}`);
    }

    const p = (port: number) => `http://${LAB_IP.squid}:${port}`;
    const info: NetworkLabInfo = {
      dir,
      originCaFile: join(dir, 'origin-ca.pem'),
      originCaName: ORIGIN_CA,
      inspectCaName: INSPECT_CA,
      dnsServer: LAB_IP.dns,
      proxies: { open: p(LAB_PORTS.open), auth: p(LAB_PORTS.auth), bump: p(LAB_PORTS.bump), portal: p(LAB_PORTS.portal), negotiate: `http://${LAB_IP.negotiate}:${LAB_PORTS.negotiate}`, hung: `http://${LAB_IP.hung}:${LAB_PORTS.hung}`, closed: `http://${LAB_IP.closed}:${LAB_PORTS.closed}` },
      pacFile,
      pacUrl: `http://${LAB_IP.origin}:${LAB_PORTS.pacHttp}/proxy.pac`,
      winhttpFile,
      tenantId: TENANT_ID,
      otherTenantId: OTHER_TENANT_ID,
      proxyUser: PROXY_USER,
      proxyPassword: PROXY_PASSWORD,
      startupMs: Date.now() - t0,
    };
    return { info, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
