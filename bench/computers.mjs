// `npm run bench:computers`: the computer inventory at scale (not a test). Needs root (adds 127.0.0.126 to lo),
// Samba (samba, samba-tool, /usr/bin/python3 with Samba's bindings), ldap-utils, GNU time. Installs nothing.
//
//   node bench/computers.mjs [--count 50000] [--small 5000] [--runs 2]
//
// Builds (once, cached under the machine temp dir) two Samba DC templates holding --small and --count computer
// objects with device-style certificates (self-signed, subject CN=<objectGUID>; some expired, some missing,
// some down-level, some disabled, one OU outside the sync scope), loaded offline (bench/computers-load.py).
// Then, for each template: starts the DC from a copy, times `haadj-preflight computers --format json >
// /dev/null` (objects judged per second, peak RSS) against `ldapsearch -E pr=1000/noprompt | awk` extracting the
// same attributes (no judging), and prints both with the load average. See docs/performance.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? Number(argv[i + 1]) : def; };
const COUNT = opt('count', 50_000);
const SMALL = opt('small', 5_000);
const RUNS = opt('runs', 2);
const IP = '127.0.0.126';
const REALM = 'invbench.test';
const BASE = 'DC=invbench,DC=test';
const BENCH_OU = `OU=Bench,${BASE}`;
const SITES = 50;
const PASSWORD = 'Bench1!Inventory-2026';
const PY = '/usr/bin/python3';
const HEAP_CAP_MIB = 48;
const out = (s = '') => process.stdout.write(`${s}\n`);
const log = (s) => process.stderr.write(`[bench:computers] ${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');

function fail(msg) { process.stderr.write(`bench:computers: ${msg}\n`); process.exit(2); }
if (process.getuid?.() !== 0) fail(`run as root (adds ${IP} to lo and starts Samba)`);
for (const [cmd, pkg] of [['samba', 'samba'], ['samba-tool', 'samba'], ['ldapsearch', 'ldap-utils'], ['/usr/bin/time', 'time']]) {
  if (spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0) fail(`missing ${cmd} (Debian package ${pkg})`);
}
if (spawnSync(PY, ['-c', 'import samba, ldb']).status !== 0) fail(`${PY} cannot import samba (Debian package python3-samba, part of samba)`);
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` first');

// ------------------------------------------------------------------------------------------ certificates
// A minimal DER writer: self-signed ECDSA P-256 certificates with any subject and validity (as test/support/x509-build.ts).
const len = (n) => { if (n < 0x80) return Buffer.from([n]); const b = []; for (let v = n; v > 0; v >>= 8) b.unshift(v & 0xff); return Buffer.from([0x80 | b.length, ...b]); };
const tlv = (tag, ...c) => { const body = Buffer.concat(c); return Buffer.concat([Buffer.from([tag]), len(body.length), body]); };
const seq = (...c) => tlv(0x30, ...c);
const ECDSA_SHA256 = seq(Buffer.from([0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02]));
const cnName = (cn) => seq(tlv(0x31, seq(Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]), tlv(0x0c, Buffer.from(cn)))));
const utc = (d) => tlv(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));
const KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const SPKI = KEY.publicKey.export({ type: 'spki', format: 'der' });
function certificate(cn, from, to) {
  const subject = cnName(cn);
  const tbs = seq(Buffer.from([0xa0, 0x03, 0x02, 0x01, 0x02]), tlv(0x02, Buffer.concat([Buffer.from([1]), randomBytes(8)])), ECDSA_SHA256, subject, seq(utc(from), utc(to)), subject, SPKI);
  return seq(tbs, ECDSA_SHA256, tlv(0x03, Buffer.from([0]), sign('sha256', tbs, KEY.privateKey)));
}
const guidString = (b) => [b.subarray(0, 4).reverse(), b.subarray(4, 6).reverse(), b.subarray(6, 8).reverse(), b.subarray(8, 10), b.subarray(10, 16)].map((x) => Buffer.from(x).toString('hex')).join('-');

/** Computer i of the bench population: mostly ready, some not started, expired, down-level, disabled; Site7 is outside the sync scope. */
function computer(i, now) {
  const guid = randomBytes(16);
  const name = `PC${String(i).padStart(6, '0')}`;
  const c = { name, parent: `OU=Site${i % SITES},${BENCH_OU}`, rid: 100_000 + i, dns: `${name.toLowerCase()}.${REALM}`, uac: i % 50 === 3 ? 4098 : 4096, guid: guid.toString('base64'),
    os: 'Windows 10 Enterprise', osv: '10.0 (19045)', lastLogon: String((BigInt(now - (i % 30) * 86_400_000) + 11_644_473_600_000n) * 10_000n) };
  const day = 86_400_000;
  const g = guidString(Buffer.from(guid));
  if (i % 20 === 2) Object.assign(c, { os: 'Windows 7 Professional', osv: '6.1 (7601)' });
  else if (i % 20 === 1) c.certs = [certificate(g, new Date(now - 800 * day), new Date(now - 30 * day)).toString('base64')];
  else if (i % 20 !== 0) c.certs = [certificate(g, new Date(now - 30 * day), new Date(now + 700 * day)).toString('base64')];
  return c;
}

// ------------------------------------------------------------------------------------------ templates
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 1_800_000, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed (${r.status}): ${(r.stderr || r.stdout || '').slice(-2000)}`);
  return r;
}

function provision(dir) {
  mkdirSync(join(dir, 'run'), { recursive: true });
  writeFileSync(join(dir, 'seed.conf'), '');
  const options = { interfaces: `${IP}/32`, 'bind interfaces only': 'yes', 'dns forwarder': '127.0.0.254', 'server services': 'ldap dns', 'pid directory': join(dir, 'run'), 'log file': join(dir, 'log.%m') };
  run('samba-tool', ['domain', 'provision', `--configfile=${join(dir, 'seed.conf')}`, '--use-rfc2307', '--server-role=dc', '--dns-backend=SAMBA_INTERNAL', `--realm=${REALM.toUpperCase()}`,
    '--domain=INVBENCH', '--host-name=dc1', `--host-ip=${IP}`, `--adminpass=${PASSWORD}`, `--targetdir=${dir}`, ...Object.entries(options).map(([k, v]) => `--option=${k}=${v}`)]);
  const spec = join(dir, 'ous.json');
  writeFileSync(spec, JSON.stringify({ ous: [BENCH_OU, ...Array.from({ length: SITES }, (_, s) => `OU=Site${s},${BENCH_OU}`)], template: { dn: `CN=TEMPLATE-PC,${BENCH_OU}`, name: 'TEMPLATE-PC', dns: `template-pc.${REALM}` } }));
  run(PY, [join(root, 'bench', 'computers-ous.py'), join(dir, 'etc', 'smb.conf'), join(dir, 'private', 'sam.ldb'), spec]);
}

function load(dir, from, to) {
  const now = Date.now();
  const file = join(dir, `load-${from}-${to}.jsonl`);
  const lines = [];
  for (let i = from; i < to; i++) lines.push(JSON.stringify(computer(i, now)));
  writeFileSync(file, `${lines.join('\n')}\n`);
  const partition = join(dir, 'private', 'sam.ldb.d', `${BASE.toUpperCase()}.ldb`);
  run(PY, [join(root, 'bench', 'computers-load.py'), partition, 'TEMPLATE-PC$', file], { env: { ...process.env, TDB_NOSYNC: '1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(file);
}

/** The template dirs (cached): small, then a copy of it grown to the full count. Certificates expire in ~700 days; rebuild after that (delete the cache). */
function templates() {
  const cache = join(process.env.HAADJ_MACHINE_TMPDIR ?? os.tmpdir(), `haadj-bench-computers-v1-${createHash('sha256').update(`${SMALL}/${COUNT}`).digest('hex').slice(0, 8)}`);
  const small = join(cache, `t${SMALL}`);
  const full = join(cache, `t${COUNT}`);
  mkdirSync(cache, { recursive: true });
  if (!existsSync(join(small, 'ready'))) {
    rmSync(small, { recursive: true, force: true });
    let t = performance.now();
    provision(small);
    log(`provisioned in ${Math.round(performance.now() - t)} ms`);
    t = performance.now();
    load(small, 0, SMALL);
    log(`${SMALL} computers loaded in ${Math.round(performance.now() - t)} ms`);
    writeFileSync(join(small, 'ready'), new Date().toISOString());
  }
  if (!existsSync(join(full, 'ready'))) {
    rmSync(full, { recursive: true, force: true });
    cpSync(small, full, { recursive: true });
    rmSync(join(full, 'ready'));
    // The copy's smb.conf still names the small template's paths.
    const conf = join(full, 'etc', 'smb.conf');
    writeFileSync(conf, readFileSync(conf, 'utf8').replaceAll(small, full));
    const t = performance.now();
    load(full, SMALL, COUNT);
    log(`${COUNT - SMALL} more computers loaded in ${Math.round(performance.now() - t)} ms`);
    writeFileSync(join(full, 'ready'), new Date().toISOString());
  }
  // + the DC's own object and the template computer the clones are made from
  return [{ n: SMALL + 2, dir: small }, { n: COUNT + 2, dir: full }];
}

// ------------------------------------------------------------------------------------------ one DC run
const canConnect = (port) => new Promise((resolve) => { const s = net.connect({ host: IP, port }); const done = (ok) => { s.destroy(); resolve(ok); }; s.setTimeout(500, () => done(false)); s.once('connect', () => done(true)); s.once('error', () => done(false)); });

async function startDc(template, work) {
  const dir = join(work, 'dc');
  cpSync(template, dir, { recursive: true });
  const conf = join(dir, 'etc', 'smb.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8').replaceAll(template, dir));
  const logFd = openSync(join(work, 'samba.out'), 'a');
  const child = spawn('samba', ['-F', '-M', 'single', '--debug-stdout', '-s', conf], { detached: true, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited = false;
  child.once('exit', () => { exited = true; });
  for (let i = 0; i < 600 && !exited; i++) {
    if (await canConnect(636) && existsSync(join(dir, 'private', 'tls', 'ca.pem'))) return { child, dir };
    await sleep(200);
  }
  throw new Error(`samba did not start: ${readFileSync(join(work, 'samba.out'), 'utf8').slice(-2000)}`);
}

async function stopDc(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
  const t = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 10_000);
  await Promise.race([gone, sleep(15_000)]);
  clearTimeout(t);
}

/** The tool: wall time and peak RSS (KiB) of `computers --format json > /dev/null`, and the count it printed. */
function timeTool(config, work, nodeOptions = []) {
  const rssFile = join(work, 'maxrss');
  const jsonFile = join(work, 'out.json');
  const t = performance.now();
  const r = spawnSync(process.execPath, [...nodeOptions, '--import', join(root, 'bench', 'maxrss-hook.mjs'), join(root, 'bin', 'haadj-preflight.js'), 'computers', '--config', config, '--format', 'json', '--output', jsonFile],
    { env: { PATH: process.env.PATH, BENCH_INV_PW: PASSWORD, BENCH_MAXRSS_FILE: rssFile }, encoding: 'utf8', timeout: 1_800_000 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`computers exited ${r.status}: ${r.stderr}`);
  // Count rows without loading the whole file into a JSON parser (this process is not the one measured).
  const text = readFileSync(jsonFile, 'utf8');
  const total = JSON.parse(text.slice(text.lastIndexOf('"summary":') + 10, text.lastIndexOf(',"errors":'))).total;
  rmSync(jsonFile);
  return { ms, rssKiB: Number(readFileSync(rssFile, 'utf8')), total };
}

const AWK = String.raw`
/^dn: / { if (dn != "") emit(); dn = substr($0, 5); next }
/^$/ { if (dn != "") emit(); next }
{ i = index($0, ":"); k = tolower(substr($0, 1, i - 1)); v = substr($0, i + 1); sub(/^:? /, "", v)
  if (k == "usercertificate") { certs++; next } if (k in f) f[k] = f[k] ";" v; else f[k] = v }
function emit() { n++; printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\n", dn, f["objectguid"], f["name"], f["dnshostname"], f["operatingsystem"], f["operatingsystemversion"], f["useraccountcontrol"], f["lastlogontimestamp"], f["pwdlastset"], f["whencreated"], certs; dn = ""; certs = 0; delete f }
END { print n > "/dev/stderr" }`;

/** The baseline: ldapsearch with the paged-results control piped into awk, one tab-separated row per computer. */
function timeBaseline(work) {
  writeFileSync(join(work, 'pw'), PASSWORD, { mode: 0o600 });
  const attrs = 'objectGUID name dNSHostName operatingSystem operatingSystemVersion userAccountControl lastLogonTimestamp pwdLastSet whenCreated userCertificate';
  const script = `ldapsearch -LLL -o ldif-wrap=no -H ldaps://${IP} -x -D Administrator@${REALM} -y ${join(work, 'pw')} -E pr=1000/noprompt -b ${BASE} '(objectClass=computer)' ${attrs} | awk '${AWK.replace(/'/g, `'\\''`)}' > /dev/null`;
  const t = performance.now();
  // Samba's generated certificate names dc1.invbench.test, not the address: the baseline trusts its CA but skips the name check.
  const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', script], { env: { PATH: process.env.PATH, LDAPTLS_CACERT: join(work, 'dc', 'private', 'tls', 'ca.pem'), LDAPTLS_REQCERT: 'allow' }, encoding: 'utf8', timeout: 1_800_000 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`baseline failed: ${r.stderr}`);
  const [count, rss] = r.stderr.trim().split('\n').slice(-2).map(Number);
  return { ms, total: count, rssKiB: rss };
}

async function measure(template) {
  const work = mkdtempSync(join(os.tmpdir(), 'haadj-bench-computers-run-'));
  let dc;
  try {
    dc = await startDc(template.dir, work);
    const config = join(work, 'config.json');
    writeFileSync(config, JSON.stringify({
      forests: [{ name: REALM, servers: [`dc1.${REALM}`], dnsServers: [IP], caFile: join(dc.dir, 'private', 'tls', 'ca.pem'), bindDn: `Administrator@${REALM}`, passwordEnv: 'BENCH_INV_PW', timeoutMs: 120_000,
        syncScope: { include: [BENCH_OU], exclude: [`OU=Site7,${BENCH_OU}`] } }],
      inventory: { pageSize: 1000 },
    }));
    timeTool(config, work); // warm the DC's caches once
    const tool = [];
    const base = [];
    for (let i = 0; i < RUNS; i++) { tool.push(timeTool(config, work)); base.push(timeBaseline(work)); }
    // The same run with V8's old space capped: completes only if what the tool retains stays below the cap
    // (default peak RSS also holds garbage V8 has not collected yet).
    const capped = timeTool(config, work, [`--max-old-space-size=${HEAP_CAP_MIB}`]);
    return { n: template.n, tool, base, capped, loadavg: loadavg() };
  } finally {
    if (dc) await stopDc(dc.child);
    rmSync(work, { recursive: true, force: true });
  }
}

const added = !execFileSync('ip', ['-4', 'addr', 'show', 'dev', 'lo'], { encoding: 'utf8' }).includes(` ${IP}/`);
if (added) execFileSync('ip', ['addr', 'add', `${IP}/32`, 'dev', 'lo']);
try {
  out(`# computer inventory benchmark, ${new Date().toISOString()}`);
  out(`machine: ${os.cpus()[0]?.model ?? 'unknown'} x${os.availableParallelism?.() ?? os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${spawnSync('samba', ['-V'], { encoding: 'utf8' }).stdout.trim()}`);
  out(`load average at start: ${loadavg()}`);
  const t = performance.now();
  const sets = templates();
  out(`templates ready in ${Math.round(performance.now() - t)} ms (cached under ${dirname(sets[0].dir)})`);
  out('');
  out(`| computers | tool: objects/s (median) | tool: wall ms | tool: peak RSS MiB | tool, old space capped at ${HEAP_CAP_MIB} MiB: peak RSS MiB | ldapsearch+awk: objects/s | ldapsearch+awk: wall ms | ldapsearch+awk: peak RSS MiB | load average |`);
  out('|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const set of sets) {
    const r = await measure(set);
    const toolMs = median(r.tool.map((x) => x.ms));
    const baseMs = median(r.base.map((x) => x.ms));
    const mib = (k) => (k / 1024).toFixed(0);
    if (r.tool.some((x) => x.total !== set.n) || r.base.some((x) => x.total !== set.n)) log(`count mismatch: expected ${set.n}, tool ${r.tool.map((x) => x.total)}, baseline ${r.base.map((x) => x.total)}`);
    if (r.capped.total !== set.n) log(`capped run read ${r.capped.total}, expected ${set.n}`);
    out(`| ${set.n} | ${Math.round(set.n / (toolMs / 1000))} | ${Math.round(toolMs)} | ${mib(Math.max(...r.tool.map((x) => x.rssKiB)))} | ${mib(r.capped.rssKiB)} | ${Math.round(set.n / (baseMs / 1000))} | ${Math.round(baseMs)} | ${mib(Math.max(...r.base.map((x) => x.rssKiB)))} | ${r.loadavg} |`);
  }
  out('');
  out(`load average at end: ${loadavg()}`);
} finally {
  if (added) spawnSync('ip', ['addr', 'del', `${IP}/32`, 'dev', 'lo']);
}
