/**
 * Samba AD DC lab: provision a forest into a private directory and run its DC as a detached
 * foreground `samba` process bound to one loopback address. All traffic stays on 127.0.0.0/8.
 *
 * Processes are tracked by a pid file inside the forest directory, so a test worker can stop or
 * start a DC that another process (the vitest global setup) spawned.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createDnsClient } from '../../src/gather/dns/resolver.js';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'ldapts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything a test needs to reach one lab forest. Plain JSON: it travels through vitest's provide/inject. */
export interface LabForest {
  /** DNS name of the forest root domain, lower case (`contoso.test`). */
  name: string;
  netbios: string;
  /** The DC's only address (loopback). LDAP 389/636 and DNS 53 listen here. */
  ip: string;
  dcHostName: string;
  /** The forest's DNS server: DC1 (extra DCs run no DNS; their records are registered on DC1). */
  dnsIp: string;
  baseDn: string;
  configDn: string;
  /** UPN form; `CN=Administrator,CN=Users,<baseDn>` and `NETBIOS\Administrator` work too. */
  bindDn: string;
  password: string;
  /**
   * What a client of the forest trusts: DC1's auto-generated CA, or, when the forest has extra DCs,
   * a PEM bundle of every DC's CA (each Samba DC generates its own at first start). Written once
   * every DC has started.
   */
  caFile: string;
  /** The CA Samba generated for this DC (exists once the DC has started once). */
  dcCaFile: string;
  dir: string;
  smbConf: string;
  pidFile: string;
  logFile: string;
  /** DCs joined to DC1 with `samba-tool domain join` (no replication runs between them). */
  extraDcs: LabDc[];
}

/** An additional DC of a forest. Address one with dcView(forest, key). */
export interface LabDc {
  /** Short host name, lower case (`dc2`). */
  key: string;
  hostName: string;
  ip: string;
  dcCaFile: string;
  dir: string;
  smbConf: string;
  pidFile: string;
  logFile: string;
}

/** A DC of a forest: its short name ('dc1', 'dc2') or full host name. */
export type DcKey = string;

export interface ForestSpec {
  realm: string;
  netbios: string;
  ip: string;
  hostName: string;
  dir: string;
  /** DCs to join after DC1 is up; each gets the directory `<dir>-<hostName>`. */
  extraDcs?: Array<{ hostName: string; ip: string }>;
}

/** Where a DC's files live inside its target directory. */
function dcPaths(dir: string) {
  return {
    dir,
    dcCaFile: join(dir, 'private', 'tls', 'ca.pem'),
    smbConf: join(dir, 'etc', 'smb.conf'),
    pidFile: join(dir, 'run', 'lab-dc.pid'),
    logFile: join(dir, 'log', 'samba.out'),
  };
}

function forestFromSpec(spec: ForestSpec): LabForest {
  const name = spec.realm.toLowerCase();
  const baseDn = name.split('.').map((part) => `DC=${part}`).join(',');
  const extraDcs: LabDc[] = (spec.extraDcs ?? []).map((dc) => ({
    key: dc.hostName.toLowerCase(),
    hostName: `${dc.hostName.toLowerCase()}.${name}`,
    ip: dc.ip,
    ...dcPaths(`${spec.dir}-${dc.hostName.toLowerCase()}`),
  }));
  const paths = dcPaths(spec.dir);
  return {
    name,
    netbios: spec.netbios.toUpperCase(),
    ip: spec.ip,
    dcHostName: `${spec.hostName.toLowerCase()}.${name}`,
    dnsIp: spec.ip,
    baseDn,
    configDn: `CN=Configuration,${baseDn}`,
    bindDn: `Administrator@${name}`,
    password: `Lab1!${randomBytes(12).toString('base64url')}`,
    caFile: extraDcs.length ? join(spec.dir, 'ca-bundle.pem') : paths.dcCaFile,
    ...paths,
    extraDcs,
  };
}

/**
 * The forest as seen through one of its DCs: a LabForest whose DC fields (ip, dcHostName, dir,
 * pid/log files, own CA) are that DC's, so startDc/stopDc/probeDc and the admin helpers of scp.ts
 * act on it alone. `dc1` (or undefined) is the forest itself; a view has no extraDcs.
 */
export function dcView(forest: LabForest, dc?: DcKey): LabForest {
  const key = dc?.toLowerCase();
  if (key === undefined || key === forest.dcHostName || key === forest.dcHostName.split('.')[0]) return forest;
  const extra = forest.extraDcs.find((d) => d.key === key || d.hostName === key);
  if (!extra) throw new Error(`${forest.name} has no DC ${dc} (DCs: ${dcKeys(forest).join(', ')})`);
  const { key: _key, hostName, ...rest } = extra;
  return { ...forest, ...rest, dcHostName: hostName, extraDcs: [] };
}

/** Short names of every DC of the forest, DC1 first. */
export function dcKeys(forest: LabForest): DcKey[] {
  return [forest.dcHostName.split('.')[0] as string, ...forest.extraDcs.map((d) => d.key)];
}

/** One view per DC of the forest (see dcView), DC1 first. */
export function allDcViews(forest: LabForest): LabForest[] {
  return dcKeys(forest).map((key) => dcView(forest, key));
}

function sambaOptions(dir: string, ip: string, services: string): Record<string, string> {
  return {
    interfaces: `${ip}/32`,
    'bind interfaces only': 'yes',
    // provision copies the host resolver here; never forward lab queries off the machine.
    'dns forwarder': '127.0.0.254',
    'server services': services,
    'log file': join(dir, 'log', 'log.%m'),
    'pid directory': join(dir, 'run'),
    'ncalrpc dir': join(dir, 'run', 'ncalrpc'),
    'winbindd socket directory': join(dir, 'run', 'winbindd'),
    'ntp signd socket directory': join(dir, 'run', 'ntp_signd'),
  };
}

function checkConf(smbConf: string, services: string): void {
  const conf = readFileSync(smbConf, 'utf8');
  if (!/dns forwarder = 127\.0\.0\.254/.test(conf) || !/bind interfaces only = Yes/i.test(conf)) {
    throw new Error(`generated ${smbConf} lacks the lab's network settings`);
  }
  const line = /server services = (.*)/.exec(conf)?.[1] ?? '';
  if (line.split(/[\s,]+/).filter(Boolean).join(' ') !== services) throw new Error(`generated ${smbConf} runs "${line}", not "${services}"`);
  if (/drepl/.test(line)) throw new Error(`${smbConf} must not run drepl`);
}

/** Runs `samba-tool domain provision` into spec.dir (must not exist yet or be empty). ~3 s. */
export async function provisionForest(spec: ForestSpec): Promise<LabForest> {
  const forest = forestFromSpec(spec);
  const { dir } = spec;
  for (const sub of ['run', 'log']) mkdirSync(join(dir, sub), { recursive: true });
  // An empty seed config keeps the host's /etc/samba/smb.conf out of the generated one.
  const seed = join(dir, 'seed.conf');
  writeFileSync(seed, '');
  // `samba-tool domain join` needs DC1's CLDAP (netlogon ping) and RPC (DRSUAPI) services. No
  // drepl/kcc on any DC: nothing replicates after the join, a change stays on the DC it was made on.
  const services = forest.extraDcs.length ? 'ldap cldap dns rpc' : 'ldap dns';
  const options = sambaOptions(dir, spec.ip, services);
  const args = [
    'domain', 'provision', `--configfile=${seed}`, '--use-rfc2307', '--server-role=dc',
    '--dns-backend=SAMBA_INTERNAL', `--realm=${spec.realm.toUpperCase()}`, `--domain=${forest.netbios}`,
    `--host-name=${spec.hostName}`, `--host-ip=${spec.ip}`, `--adminpass=${forest.password}`, `--targetdir=${dir}`,
    ...Object.entries(options).map(([key, value]) => `--option=${key}=${value}`),
  ];
  try {
    const { stdout, stderr } = await run('samba-tool', args, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    writeFileSync(join(dir, 'log', 'provision.log'), stdout + stderr);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`samba-tool domain provision failed for ${spec.realm}: ${e.message}\n${(e.stderr ?? '').slice(-2000)}`);
  }
  checkConf(forest.smbConf, services);
  return forest;
}

/** Services of a joined DC: LDAP only (its DNS records live on DC1; no drepl, no kdc). */
const EXTRA_DC_SERVICES = 'ldap';

/**
 * Joins an extra DC to the forest (`samba-tool domain join <realm> DC` against DC1, which must be
 * running). Neither starts it nor registers its DNS records (registerDcInDns).
 */
export async function joinDc(forest: LabForest, key: DcKey): Promise<void> {
  const dc = dcView(forest, key);
  const netbiosName = (dc.dcHostName.split('.')[0] as string).toUpperCase();
  for (const sub of ['run', 'log']) mkdirSync(join(dc.dir, sub), { recursive: true });
  const seed = join(dc.dir, 'seed.conf');
  writeFileSync(seed, '');
  const options = {
    'netbios name': netbiosName,
    realm: forest.name.toUpperCase(),
    workgroup: forest.netbios,
    ...sambaOptions(dc.dir, dc.ip, EXTRA_DC_SERVICES),
  };
  const args = [
    'domain', 'join', forest.name, 'DC', `--configfile=${seed}`, `--server=${forest.ip}`, `--targetdir=${dc.dir}`,
    '--dns-backend=SAMBA_INTERNAL', '-U', `${forest.netbios}\\Administrator%${forest.password}`, '--use-kerberos=off',
    ...Object.entries(options).map(([k, v]) => `--option=${k}=${v}`),
  ];
  try {
    const { stdout, stderr } = await run('samba-tool', args, { timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
    writeFileSync(join(dc.dir, 'log', 'join.log'), stdout + stderr);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`samba-tool domain join failed for ${dc.dcHostName}: ${e.message.replaceAll(forest.password, '***')}\n${(e.stderr ?? '').slice(-2000)}`);
  }
  checkConf(dc.smbConf, EXTRA_DC_SERVICES);
}

/**
 * The records samba_dnsupdate would add for a DC at its first start (it does not run here: no
 * dnsupdate service), on DC1: A, the DC locator SRVs (domain-wide and for the site) and the
 * `<NTDS Settings objectGUID>._msdcs` alias replication partners use.
 */
export async function registerDcInDns(forest: LabForest, key: DcKey): Promise<void> {
  const dc = dcView(forest, key);
  const short = dc.dcHostName.split('.')[0] as string;
  const site = 'Default-First-Site-Name';
  const guid = await ntdsSettingsGuid(forest, short);
  const srv = `${dc.dcHostName} 389 0 100`;
  const records: string[][] = [
    [forest.name, short, 'A', dc.ip],
    [`_msdcs.${forest.name}`, '_ldap._tcp.dc', 'SRV', srv],
    [`_msdcs.${forest.name}`, `_ldap._tcp.${site}._sites.dc`, 'SRV', srv],
    [forest.name, '_ldap._tcp', 'SRV', srv],
    [forest.name, `_ldap._tcp.${site}._sites`, 'SRV', srv],
    [`_msdcs.${forest.name}`, guid, 'CNAME', dc.dcHostName],
  ];
  const auth = ['-U', `${forest.netbios}\\Administrator%${forest.password}`, '--use-kerberos=off', `--configfile=${forest.smbConf}`];
  await Promise.all(records.map(async (record) => {
    try {
      await run('samba-tool', ['dns', 'add', forest.ip, ...record, ...auth], { timeout: 60_000 });
    } catch (error) {
      const e = error as { stderr?: string; stdout?: string; message: string };
      const text = `${e.stderr ?? ''}${e.stdout ?? ''}`;
      if (/already exist/i.test(text)) return;
      throw new Error(`samba-tool dns add ${record.join(' ')} failed: ${text.slice(-1000)}`);
    }
  }));
}

/** objectGUID (string form) of a DC's NTDS Settings object, read from DC1 over LDAPS. */
async function ntdsSettingsGuid(forest: LabForest, shortName: string): Promise<string> {
  const client = new Client({
    url: `ldaps://${forest.ip}:636`,
    connectTimeout: 5000,
    timeout: 10_000,
    tlsOptions: { ca: readFileSync(forest.dcCaFile), servername: forest.dcHostName },
  });
  try {
    await client.bind(forest.bindDn, forest.password);
    const dn = `CN=NTDS Settings,CN=${shortName.toUpperCase()},CN=Servers,CN=Default-First-Site-Name,CN=Sites,${forest.configDn}`;
    const { searchEntries } = await client.search(dn, { scope: 'base', attributes: ['objectGUID'], explicitBufferAttributes: ['objectGUID'] });
    const raw = searchEntries[0]?.objectGUID;
    if (!Buffer.isBuffer(raw) || raw.length !== 16) throw new Error(`no objectGUID on ${dn}`);
    const hex = (b: Buffer) => b.toString('hex');
    const le = (b: Buffer) => hex(Buffer.from(b).reverse());
    return `${le(raw.subarray(0, 4))}-${le(raw.subarray(4, 6))}-${le(raw.subarray(6, 8))}-${hex(raw.subarray(8, 10))}-${hex(raw.subarray(10, 16))}`;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/** Writes the forest's caFile: every DC's own CA, concatenated (call once every DC has started once). */
export function writeCaBundle(forest: LabForest): void {
  if (!forest.extraDcs.length) return;
  const pems = [forest.dcCaFile, ...forest.extraDcs.map((d) => d.dcCaFile)].map((file) => readFileSync(file, 'utf8').trim());
  writeFileSync(forest.caFile, `${pems.join('\n')}\n`);
}

export async function ensureLoopbackAddress(ip: string): Promise<void> {
  if (!ip.startsWith('127.')) throw new Error(`lab addresses must be loopback, got ${ip}`);
  try {
    await run('ip', ['addr', 'add', `${ip}/32`, 'dev', 'lo'], { timeout: 10_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    if (!/exists|already assigned/i.test(stderr)) throw new Error(`ip addr add ${ip}/32 dev lo failed: ${stderr}`);
  }
}

/** DCs spawned by this process: a fallback should the pid file vanish with its directory. */
const spawned = new Map<string, number>();

/** The pid recorded for this forest's DC if that process is alive (not a zombie) and is ours. */
export function dcPid(forest: LabForest): number | undefined {
  let pid = spawned.get(forest.logFile);
  try { pid = Number(readFileSync(forest.pidFile, 'utf8').trim()); } catch { /* no pid file */ }
  return pid !== undefined && Number.isInteger(pid) && pid > 0 && isOurSamba(pid, forest) ? pid : undefined;
}

function isOurSamba(pid: number, forest: Pick<LabForest, 'logFile'>): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    // samba rewrites its argv ("samba: root process"), so identify it by the stdout we gave it.
    return readlinkSync(`/proc/${pid}/fd/1`).startsWith(forest.logFile);
  } catch {
    return false;
  }
}

function canConnect(ip: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: ip, port });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function logTail(forest: LabForest, chars = 3000): string {
  try { return readFileSync(forest.logFile, 'utf8').slice(-chars); } catch { return '(no log)'; }
}

/**
 * One readiness probe: LDAPS bind with the DC's own CA + host-name verification, then the DC
 * locator SRV record (asked of the forest's DNS, DC1) naming this DC.
 */
export async function probeDc(forest: LabForest): Promise<void> {
  const client = new Client({
    url: `ldaps://${forest.ip}:636`,
    connectTimeout: 3000,
    timeout: 5000,
    tlsOptions: { ca: readFileSync(forest.dcCaFile), servername: forest.dcHostName },
  });
  try {
    await client.bind(forest.bindDn, forest.password);
  } finally {
    await client.unbind().catch(() => undefined);
  }
  // The tool's own DNS client: Node 24's c-ares rejects Samba's SRV answers (EBADRESP); it falls back.
  const srv = await createDnsClient([forest.dnsIp], 2000).srv(`_ldap._tcp.dc._msdcs.${forest.name}`);
  if (!srv.some((r) => r.name.toLowerCase() === forest.dcHostName)) {
    throw new Error(`SRV answer lacks ${forest.dcHostName}: ${JSON.stringify(srv)}`);
  }
}

/**
 * Spawns `samba -F -M single` in its own process group (detached, unref'd, output to logFile),
 * records its pid and waits until probeDc passes. Throws (with the log tail) on timeout or early exit.
 */
export async function startDc(forest: LabForest, timeoutMs = 60_000): Promise<number> {
  if (dcPid(forest) !== undefined) throw new Error(`DC of ${forest.name} is already running (pid ${dcPid(forest)})`);
  await ensureLoopbackAddress(forest.ip);
  if (await canConnect(forest.ip, 636)) throw new Error(`${forest.ip}:636 is already in use (a stale lab DC?)`);
  const out = openSync(forest.logFile, 'a');
  const child = spawn('samba', ['-F', '-M', 'single', '--debug-stdout', '-s', forest.smbConf], {
    detached: true,
    stdio: ['ignore', out, out],
    cwd: forest.dir,
  });
  closeSync(out);
  let exit: string | undefined;
  child.once('exit', (code, signal) => { exit = `exited early (code ${code}, signal ${signal})`; });
  child.once('error', (error) => { exit = `failed to spawn: ${error.message}`; });
  child.unref();
  if (child.pid === undefined) throw new Error(`could not spawn samba for ${forest.name}: ${exit ?? 'no pid'}`);
  spawned.set(forest.logFile, child.pid);

  const deadline = Date.now() + timeoutMs;
  let lastError = 'not probed yet';
  try {
    writeFileSync(forest.pidFile, String(child.pid));
    for (let attempt = 0; attempt < 400 && Date.now() < deadline; attempt++) {
      if (exit) break;
      if (!existsSync(forest.smbConf)) throw new Error(`${forest.dir} vanished (removed by another lab run?)`);
      if (existsSync(forest.dcCaFile)) {
        try {
          await probeDc(forest);
          return child.pid;
        } catch (error) {
          lastError = (error as Error).message;
        }
      }
      await sleep(250);
    }
  } catch (error) {
    lastError = (error as Error).message;
  }
  await stopDc(forest).catch(() => undefined);
  throw new Error(`DC of ${forest.name} did not become ready: ${exit ?? `timeout, last error: ${lastError}`}\n${logTail(forest)}`);
}

/** SIGTERM to the DC's process group, SIGKILL after 15 s; waits (bounded) until it is gone. */
export async function stopDc(forest: LabForest): Promise<void> {
  const pid = dcPid(forest);
  if (pid !== undefined) {
    for (const [signal, waitMs] of [['SIGTERM', 15_000], ['SIGKILL', 5_000]] as const) {
      try { process.kill(-pid, signal); } catch { /* already gone */ }
      const deadline = Date.now() + waitMs;
      while (isOurSamba(pid, forest) && Date.now() < deadline) await sleep(100);
      if (!isOurSamba(pid, forest)) break;
    }
    if (isOurSamba(pid, forest)) throw new Error(`DC of ${forest.name} (pid ${pid}) did not stop`);
  }
  spawned.delete(forest.logFile);
  rmSync(forest.pidFile, { force: true });
}

export async function restartDc(forest: LabForest, timeoutMs?: number): Promise<number> {
  await stopDc(forest);
  return startDc(forest, timeoutMs);
}

/** Resident memory of the DC process in KiB (from /proc), or undefined when it is not running. */
export function dcRssKiB(forest: LabForest): number | undefined {
  const pid = dcPid(forest);
  if (pid === undefined) return undefined;
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) : undefined;
}
