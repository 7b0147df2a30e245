// The benchmark lab: N Samba AD forests (1 or 2 DCs each), dnsmasq, one squid with two open ports, an HTTPS
// server playing the Entra endpoints, an HTTP server for the PAC file, and latency relays (bench/relay.mjs) in
// front of everything the tool talks to. All addresses are 127.0.0.100–127.0.0.127 (other labs on this machine
// use 127.0.0.11/12, 127.0.0.30–49, 127.0.77.0/24). Nothing is sent anywhere else: dnsmasq has no upstream,
// Samba forwards to 127.0.0.254 (nobody), squid resolves through the lab only.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Attribute, Change, Client, AlreadyExistsError } from 'ldapts';
import { startDnsRelay, startTcpRelay } from './relay.mjs';

const run = promisify(execFile);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const TENANT_ID = '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b';
export const TENANT_NAME = 'bench.example';
export const SCP_CN = '62a0ff2e-97b9-4513-943f-0d221bd30080';
export const ENDPOINT_NAMES = [
  'enterpriseregistration.windows.net',
  'login.microsoftonline.com',
  'device.login.microsoftonline.com',
  'autologon.microsoftazuread-sso.com',
];
export const IP = {
  dc: (forest, dc) => `127.0.0.${100 + forest + (dc - 1) * 5}`, // forest 1..5, dc 1..2 → .101–.110
  dns: '127.0.0.120', // dnsmasq (real :53, relay :1053)
  endpointRelay: '127.0.0.121', // what the lab DNS answers for the endpoint names (relay :443)
  endpoint: '127.0.0.122', // the real HTTPS server (what squid's hosts file says)
  squid: '127.0.0.123', // real :13128/:13129, relays :3128/:3129
  pac: '127.0.0.124', // real :18080, relay :80
};
export const PORTS = { ldapsRelay: 1636, dnsRelay: 1053, squidReal: [13128, 13129], squidRelay: [3128, 3129], pacReal: 18080, pacRelay: 80 };
const CA_NAME = 'HAADJ Bench CA';

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

async function sh(cmd, args, opts = {}) {
  try {
    return await run(cmd, args, { timeout: 300_000, maxBuffer: 32 * 1024 * 1024, ...opts });
  } catch (error) {
    throw new Error(`${cmd} ${args.slice(0, 4).join(' ')} … failed: ${error.message}\n${String(error.stderr ?? '').slice(-3000)}`);
  }
}

async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

/** Like Promise.all but waits for all, then throws the first failure. */
async function settleAll(promises) {
  const r = await Promise.allSettled(promises);
  const bad = r.find((x) => x.status === 'rejected');
  if (bad) throw bad.reason;
  return r.map((x) => x.value);
}

function canConnect(host, port, ms = 1000) {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(ms, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

async function waitFor(what, fn, { tries = 300, ms = 60_000, every = 250 } = {}) {
  const until = Date.now() + ms;
  let last = 'not tried';
  for (let i = 0; i < tries && Date.now() < until; i++) {
    try {
      const v = await fn();
      if (v !== false) return v;
      last = 'not ready';
    } catch (e) {
      last = e.message;
    }
    await sleep(every);
  }
  throw new Error(`${what} not ready after ${ms} ms: ${last}`);
}

// ---------------------------------------------------------------------------------------------- certificates

function makeCa(dir) {
  return sh('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '7', '-subj', `/O=HAADJ Bench/CN=${CA_NAME}`,
    '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.pem'), '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
}

async function makeLeaf(dir, name, cn, sans) {
  writeFileSync(join(dir, `${name}.ext`), `subjectAltName=${sans.join(',')}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`);
  await sh('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/O=HAADJ Bench/CN=${cn}`, '-keyout', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`)]);
  await sh('openssl', ['x509', '-req', '-in', join(dir, `${name}.csr`), '-CA', join(dir, 'ca.pem'), '-CAkey', join(dir, 'ca.key'), '-set_serial', `0x${randomBytes(12).toString('hex')}`,
    '-days', '7', '-extfile', join(dir, `${name}.ext`), '-out', join(dir, `${name}.pem`)]);
  return { key: join(dir, `${name}.key`), cert: join(dir, `${name}.pem`) };
}

// ---------------------------------------------------------------------------------------------- Samba

function dcOptions(dc, services) {
  return {
    interfaces: `${dc.ip}/32`,
    'bind interfaces only': 'yes',
    'dns forwarder': '127.0.0.254',
    'server services': services,
    'log file': join(dc.dir, 'log', 'log.%m'),
    'pid directory': join(dc.dir, 'run'),
    'ncalrpc dir': join(dc.dir, 'run', 'ncalrpc'),
    'winbindd socket directory': join(dc.dir, 'run', 'winbindd'),
    'ntp signd socket directory': join(dc.dir, 'run', 'ntp_signd'),
    'tls enabled': 'yes',
    'tls keyfile': dc.tls.key,
    'tls certfile': dc.tls.cert,
    'tls cafile': join(dc.certDir, 'ca.pem'),
  };
}

const optionArgs = (o) => Object.entries(o).map(([k, v]) => `--option=${k}=${v}`);

async function provision(forest, dc, services) {
  for (const sub of ['run', 'log']) mkdirSync(join(dc.dir, sub), { recursive: true });
  const seed = join(dc.dir, 'seed.conf');
  writeFileSync(seed, '');
  const { stdout, stderr } = await sh('samba-tool', ['domain', 'provision', `--configfile=${seed}`, '--use-rfc2307', '--server-role=dc',
    '--dns-backend=SAMBA_INTERNAL', `--realm=${forest.name.toUpperCase()}`, `--domain=${forest.netbios}`, `--host-name=${dc.hostName}`,
    `--host-ip=${dc.ip}`, `--adminpass=${forest.password}`, `--targetdir=${dc.dir}`, ...optionArgs(dcOptions(dc, services))]);
  writeFileSync(join(dc.dir, 'log', 'provision.log'), stdout + stderr);
}

async function join2(forest, dc, services) {
  for (const sub of ['run', 'log']) mkdirSync(join(dc.dir, sub), { recursive: true });
  const seed = join(dc.dir, 'seed.conf');
  writeFileSync(seed, '');
  const first = forest.dcs[0];
  const { stdout, stderr } = await sh('samba-tool', ['domain', 'join', forest.name, 'DC', `--configfile=${seed}`, `--server=${first.ip}`,
    `--targetdir=${dc.dir}`, '--dns-backend=SAMBA_INTERNAL', `-U`, `${forest.netbios}\\Administrator%${forest.password}`, '--use-kerberos=off',
    `--option=netbios name=${dc.hostName.toUpperCase()}`, `--option=realm=${forest.name.toUpperCase()}`, `--option=workgroup=${forest.netbios}`,
    ...optionArgs(dcOptions(dc, services))]);
  writeFileSync(join(dc.dir, 'log', 'join.log'), stdout + stderr);
}

function isOurSamba(pid, logFile) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    return readlinkSync(`/proc/${pid}/fd/1`).startsWith(logFile);
  } catch {
    return false;
  }
}

async function ldapsClient(forest, dc, port = 636) {
  const client = new Client({
    url: `ldaps://${dc.ip}:${port}`,
    connectTimeout: 5000,
    timeout: 10_000,
    tlsOptions: { ca: readFileSync(join(dc.certDir, 'ca.pem')), servername: dc.host },
  });
  await client.bind(forest.bindDn, forest.password);
  return client;
}

async function startSamba(forest, dc, lab) {
  if (await canConnect(dc.ip, 636, 500)) throw new Error(`${dc.ip}:636 is already in use (a stale bench DC?)`);
  dc.logFile = join(dc.dir, 'log', 'samba.out');
  const out = openSync(dc.logFile, 'a');
  const child = spawn('samba', ['-F', '-M', 'single', '--debug-stdout', '-s', join(dc.dir, 'etc', 'smb.conf')], { detached: true, stdio: ['ignore', out, out], cwd: dc.dir });
  closeSync(out);
  let exit;
  child.once('exit', (code, signal) => { exit = `exited (code ${code}, signal ${signal})`; });
  child.once('error', (e) => { exit = e.message; });
  child.unref();
  dc.pid = child.pid;
  lab.sambaPids.push({ pid: child.pid, logFile: dc.logFile });
  await waitFor(`DC ${dc.host}`, async () => {
    if (exit) throw new Error(`samba ${exit}: ${readFileSync(dc.logFile, 'utf8').slice(-2000)}`);
    const c = await ldapsClient(forest, dc);
    await c.unbind();
    return true;
  }, { tries: 400, ms: 90_000 });
}

async function stopSamba({ pid, logFile }) {
  for (const [signal, waitMs] of [['SIGTERM', 10_000], ['SIGKILL', 5_000]]) {
    if (!isOurSamba(pid, logFile)) return;
    try { process.kill(-pid, signal); } catch { /* gone */ }
    const until = Date.now() + waitMs;
    for (let i = 0; i < 200 && isOurSamba(pid, logFile) && Date.now() < until; i++) await sleep(100);
  }
}

const scpContainerDn = (f) => `CN=Device Registration Configuration,CN=Services,CN=Configuration,${f.baseDn}`;
export const scpDn = (f) => `CN=${SCP_CN},${scpContainerDn(f)}`;

async function setScp(forest) {
  const c = await ldapsClient(forest, forest.dcs[0]);
  try {
    await c.add(scpContainerDn(forest), { objectClass: 'container' }).catch((e) => { if (!(e instanceof AlreadyExistsError)) throw e; });
    const keywords = [`azureADId:${TENANT_ID}`, `azureADName:${TENANT_NAME}`];
    try {
      await c.add(scpDn(forest), { objectClass: 'serviceConnectionPoint', keywords });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
      await c.modify(scpDn(forest), new Change({ operation: 'replace', modification: new Attribute({ type: 'keywords', values: keywords }) }));
    }
  } finally {
    await c.unbind().catch(() => undefined);
  }
}

/** Makes sure the forest's DNS (on DC1) has an A record and a DC locator SRV record for a joined DC. */
async function registerDcInDns(forest, dc) {
  const auth = ['-U', `${forest.netbios}\\Administrator%${forest.password}`, '--use-kerberos=off', `--configfile=${join(forest.dcs[0].dir, 'etc', 'smb.conf')}`];
  const server = forest.dcs[0].ip;
  const tryAdd = async (args) => {
    try {
      await sh('samba-tool', ['dns', 'add', server, ...args, ...auth], { timeout: 60_000 });
    } catch (e) {
      if (!/already exist|WERR_DNS_ERROR_RECORD_ALREADY_EXISTS/i.test(e.message)) throw e;
    }
  };
  await tryAdd([forest.name, dc.hostName, 'A', dc.ip]);
  await tryAdd([`_msdcs.${forest.name}`, '_ldap._tcp.dc', 'SRV', `${dc.host} 389 0 100`]);
}

// ---------------------------------------------------------------------------------------------- network lab

function endpointHandler(req, res) {
  const json = (status, o) => {
    const body = JSON.stringify(o);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };
  const url = new URL(req.url ?? '/', 'https://lab');
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[1] === 'discover') {
    return json(200, {
      DeviceRegistrationService: { RegistrationEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/DeviceEnrollmentWebService.svc', RegistrationResourceId: 'urn:ms-drs:enterpriseregistration.windows.net', ServiceVersion: '1.0' },
      AuthenticationService: { OAuth2: { AuthCodeEndpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/authorize`, TokenEndpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/token` } },
      DeviceJoinService: { JoinEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/', JoinResourceId: 'urn:ms-drs:enterpriseregistration.windows.net', ServiceVersion: '2.0' },
    });
  }
  if (parts[1] === 'enrollmentserver' && parts[2] === 'contract') return json(200, { DeviceRegistrationService: { RegistrationEndpoint: 'https://enterpriseregistration.windows.net/EnrollmentServer/device/' } });
  if (parts[1] === '.well-known') return json(200, { issuer: `https://sts.windows.net/${TENANT_ID}/`, token_endpoint: `https://login.microsoftonline.com/${TENANT_ID}/oauth2/token`, tenant_region_scope: 'EU', cloud_instance_name: 'microsoftonline.com' });
  if (parts[0] === 'common' && parts[1]?.toLowerCase() === 'userrealm') {
    const user = (url.searchParams.get('user') ?? '').toLowerCase();
    return json(200, { ver: '1.0', account_type: 'Managed', domain_name: user.includes('@') ? user.split('@')[1] : user, cloud_instance_name: 'microsoftonline.com' });
  }
  if (parts[0] === 'common' && parts[1] === 'oauth2') return json(200, {});
  const body = 'lab endpoint\n';
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export const PAC_TEXT = `function FindProxyForURL(url, host) {
  if (shExpMatch(host, "*.windows.net")) return "PROXY ${IP.squid}:${PORTS.squidRelay[1]}";
  return "PROXY ${IP.squid}:${PORTS.squidRelay[0]}";
}
`;
/** What the PAC answers, for the curl baseline (curl cannot evaluate a PAC). */
export const pacChoice = (host) => (host.endsWith('.windows.net') ? `http://${IP.squid}:${PORTS.squidRelay[1]}` : `http://${IP.squid}:${PORTS.squidRelay[0]}`);

function squidConf(dir) {
  return `# haadj bench squid: two open ports on a lab address, no peers, lab names only.
http_port ${IP.squid}:${PORTS.squidReal[0]} name=a
http_port ${IP.squid}:${PORTS.squidReal[1]} name=b
http_access allow all
dns_nameservers ${IP.dns}
hosts_file ${dir}/squid-hosts
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
udp_incoming_address ${IP.squid}
connect_timeout 5 seconds
shutdown_lifetime 1 second
visible_hostname haadj-bench-proxy
`;
}

async function stopChild(child, ms) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), ms);
  await Promise.race([exited, sleep(ms + 2000)]);
  clearTimeout(t);
}

function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
}

// ---------------------------------------------------------------------------------------------- the lab

const LOCK = join(tmpdir(), 'haadj-bench.lock');

function acquireLock() {
  for (let i = 0; i < 3; i++) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'owner'), String(process.pid));
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = NaN;
    try { owner = Number(readFileSync(join(LOCK, 'owner'), 'utf8')); } catch { /* none */ }
    let alive = false;
    try { process.kill(owner, 0); alive = true; } catch { /* dead */ }
    if (alive) throw new Error(`another bench run (pid ${owner}) holds ${LOCK}`);
    rmSync(LOCK, { recursive: true, force: true });
  }
  throw new Error(`could not take ${LOCK}`);
}

/**
 * Starts the whole lab. Returns { info, stop }. `stop` is idempotent and also registered by the caller for
 * SIGINT. Options: forests (1..5), dcsPerForest (1|2), oneWayMs.
 */
export async function startLab({ forests: forestCount = 5, dcsPerForest = 2, oneWayMs = 25 } = {}) {
  acquireLock();
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'haadj-bench-'));
  writeFileSync(join(dir, 'owner'), String(process.pid));
  const lab = { dir, sambaPids: [], children: [], servers: [], relays: [], addedAddresses: [], stopped: false, timings: {} };
  const stop = async () => {
    if (lab.stopped) return;
    lab.stopped = true;
    for (const r of lab.relays) await r.close().catch(() => undefined);
    await Promise.all(lab.servers.map((s) => new Promise((r) => { s.closeAllConnections?.(); s.close(() => r()); })));
    await Promise.all(lab.children.map((c) => stopChild(c, 3000)));
    await Promise.all(lab.sambaPids.map((p) => stopSamba(p)));
    for (const ip of lab.addedAddresses) await run('ip', ['addr', 'del', `${ip}/32`, 'dev', 'lo'], { timeout: 10_000 }).catch(() => undefined);
    if (process.env.BENCH_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
    try { if (Number(readFileSync(join(LOCK, 'owner'), 'utf8')) === process.pid) rmSync(LOCK, { recursive: true, force: true }); } catch { /* gone */ }
  };
  try {
    const certDir = join(dir, 'certs');
    mkdirSync(certDir);
    await makeCa(certDir);

    const forests = [];
    for (let f = 1; f <= forestCount; f++) {
      const name = `forest${f}.bench`;
      const forest = {
        name,
        netbios: `BENCH${f}`,
        baseDn: `DC=forest${f},DC=bench`,
        bindDn: `Administrator@${name}`,
        password: `Bench1!${Math.random().toString(36).slice(2, 12)}X`,
        dcs: [],
      };
      for (let d = 1; d <= dcsPerForest; d++) {
        const hostName = `dc${d}`;
        forest.dcs.push({ hostName, host: `${hostName}.${name}`, ip: IP.dc(f, d), dir: join(dir, `f${f}-dc${d}`), certDir });
      }
      forests.push(forest);
    }
    // Loopback addresses: Samba only serves addresses that exist on an interface.
    const { stdout: present } = await run('ip', ['-4', 'addr', 'show', 'dev', 'lo']);
    for (const ip of forests.flatMap((f) => f.dcs.map((d) => d.ip))) {
      if (present.includes(` ${ip}/`)) continue;
      await sh('ip', ['addr', 'add', `${ip}/32`, 'dev', 'lo']);
      lab.addedAddresses.push(ip);
    }
    await settleAll(forests.flatMap((f) => f.dcs.map(async (dc) => { dc.tls = await makeLeaf(certDir, `${f.netbios}-${dc.hostName}`, dc.host, [`DNS:${dc.host}`, `IP:${dc.ip}`]); })));

    // DC1 of every forest: provision, start, write the SCP (before the join, so DC2 gets it by replication).
    const firstServices = dcsPerForest > 1 ? 'ldap cldap dns rpc drepl kdc' : 'ldap dns';
    let t = Date.now();
    await mapLimit(forests, 3, (f) => provision(f, f.dcs[0], firstServices));
    lab.timings.provisionMs = Date.now() - t;
    log(`provisioned ${forests.length} forests in ${lab.timings.provisionMs} ms`);
    t = Date.now();
    await settleAll(forests.map((f) => startSamba(f, f.dcs[0], lab)));
    await settleAll(forests.map((f) => setScp(f)));
    lab.timings.startDc1Ms = Date.now() - t;
    log(`DC1s up and SCPs written in ${lab.timings.startDc1Ms} ms`);

    if (dcsPerForest > 1) {
      t = Date.now();
      await mapLimit(forests, 2, async (f) => {
        for (const dc of f.dcs.slice(1)) {
          await join2(f, dc, 'ldap dns');
          await registerDcInDns(f, dc);
          await startSamba(f, dc, lab);
        }
      });
      lab.timings.joinMs = Date.now() - t;
      log(`second DCs joined and started in ${lab.timings.joinMs} ms`);
    }

    // Network lab.
    t = Date.now();
    const endpointTls = await makeLeaf(certDir, 'endpoints', ENDPOINT_NAMES[0], ENDPOINT_NAMES.map((n) => `DNS:${n}`));
    const https = createHttpsServer({ key: readFileSync(endpointTls.key), cert: readFileSync(endpointTls.cert) }, endpointHandler);
    await listen(https, IP.endpoint, 443);
    lab.servers.push(https);
    const pacServer = createHttpServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ns-proxy-autoconfig', 'content-length': Buffer.byteLength(PAC_TEXT) });
      res.end(PAC_TEXT);
    });
    await listen(pacServer, IP.pac, PORTS.pacReal);
    lab.servers.push(pacServer);

    for (const bin of ['/usr/sbin/dnsmasq', '/usr/sbin/squid']) if (!existsSync(bin)) throw new Error(`${bin} is missing (Debian packages dnsmasq-base, squid-openssl)`);
    const dnsArgs = ['--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--no-poll', '--bind-interfaces',
      `--listen-address=${IP.dns}`, '--port=53', `--pid-file=${dir}/dnsmasq.pid`, '--log-facility=-'];
    for (const n of ENDPOINT_NAMES) dnsArgs.push(`--address=/${n}/${IP.endpointRelay}`);
    for (const zone of ['com', 'net', 'example', 'bench']) dnsArgs.push(`--local=/${zone}/`);
    const dnsmasq = spawn('/usr/sbin/dnsmasq', dnsArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
    lab.children.push(dnsmasq);
    let dnsErr = '';
    dnsmasq.stderr.on('data', (d) => { dnsErr += d; });
    const { Resolver } = await import('node:dns/promises');
    await waitFor('dnsmasq', async () => {
      if (dnsmasq.exitCode !== null) throw new Error(`dnsmasq exited: ${dnsErr}`);
      const r = new Resolver({ timeout: 500, tries: 1 });
      r.setServers([IP.dns]);
      return (await r.resolve4(ENDPOINT_NAMES[1]))[0] === IP.endpointRelay;
    }, { tries: 50, ms: 15_000, every: 200 });

    // squid drops privileges to `proxy`: it gets a directory of its own (and traverse-only access to the parent).
    const squidDir = join(dir, 'squid');
    mkdirSync(squidDir);
    writeFileSync(join(squidDir, 'squid-hosts'), ENDPOINT_NAMES.map((n) => `${IP.endpoint} ${n}\n`).join(''));
    writeFileSync(join(squidDir, 'squid.conf'), squidConf(squidDir));
    chmodSync(dir, 0o711);
    await sh('chown', ['-R', 'proxy:proxy', squidDir]);
    const squid = spawn('/usr/sbin/squid', ['-N', '-f', join(squidDir, 'squid.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    lab.children.push(squid);
    let squidErr = '';
    squid.stderr.on('data', (d) => { squidErr += d; });
    for (const port of PORTS.squidReal) {
      await waitFor(`squid :${port}`, async () => {
        if (squid.exitCode !== null) throw new Error(`squid exited: ${squidErr.slice(-2000)}`);
        return canConnect(IP.squid, port, 500);
      }, { tries: 150, ms: 30_000, every: 200 });
    }

    // Relays: every address the tool (or the baseline) connects to goes through one.
    const relay = async (fn, o) => lab.relays.push(await fn({ ...o, oneWayMs }));
    for (const f of forests) {
      for (const dc of f.dcs) await relay(startTcpRelay, { listenHost: dc.ip, listenPort: PORTS.ldapsRelay, targetHost: dc.ip, targetPort: 636 });
      await relay(startDnsRelay, { listenHost: f.dcs[0].ip, listenPort: PORTS.dnsRelay, targetHost: f.dcs[0].ip, targetPort: 53 });
    }
    await relay(startDnsRelay, { listenHost: IP.dns, listenPort: PORTS.dnsRelay, targetHost: IP.dns, targetPort: 53 });
    await relay(startTcpRelay, { listenHost: IP.endpointRelay, listenPort: 443, targetHost: IP.endpoint, targetPort: 443 });
    for (const [i, port] of PORTS.squidRelay.entries()) await relay(startTcpRelay, { listenHost: IP.squid, listenPort: port, targetHost: IP.squid, targetPort: PORTS.squidReal[i] });
    await relay(startTcpRelay, { listenHost: IP.pac, listenPort: PORTS.pacRelay, targetHost: IP.pac, targetPort: PORTS.pacReal });
    lab.timings.networkMs = Date.now() - t;
    lab.timings.totalMs = Date.now() - t0;

    const info = {
      dir,
      caFile: join(certDir, 'ca.pem'),
      oneWayMs,
      dcsPerForest,
      forests: forests.map((f) => ({ name: f.name, netbios: f.netbios, baseDn: f.baseDn, bindDn: f.bindDn, password: f.password,
        dcs: f.dcs.map((d) => ({ host: d.host, ip: d.ip, pid: d.pid })) })),
      network: {
        dnsServer: `${IP.dns}:${PORTS.dnsRelay}`,
        endpointRelayIp: IP.endpointRelay,
        proxies: PORTS.squidRelay.map((p) => `http://${IP.squid}:${p}`),
        pacUrl: `http://${IP.pac}:${PORTS.pacRelay}/proxy.pac`,
      },
      timings: lab.timings,
    };
    return { info, stop };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
