// `npm run bench`: performance figures for haadj-preflight (not a test). Needs root and the Debian packages
// samba, squid-openssl, dnsmasq-base, iproute2, ldap-utils, curl (installed by .ci/run); installs nothing.
//
//   node bench/run.mjs [--forests 5] [--dcs 2] [--rtt 50] [--runs 5] [--baseline-runs 2] [--markdown]
//   BENCH_CLI=/path/to/bin/haadj-preflight.js times another build of the CLI for (a) (e.g. a candidate fix).
//
// Prints: machine, cold start of `--version`, dsregcmd parse throughput (scripts/bench-parse.mjs), then against
// a lab of F forests × D Samba DCs + 4 proxy paths with RTT ms injected on every link the tool uses: the tool's
// `check` (wall clock, median of --runs, peak RSS), a serial ldapsearch/curl baseline doing the same observations,
// and the critical path (computed from the RTT and measured alone). See docs/performance.md.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const FORESTS = opt('forests', 5);
const DCS = opt('dcs', 2);
const RTT = opt('rtt', 50);
const RUNS = opt('runs', 5);
const BASELINE_RUNS = opt('baseline-runs', 2);
const out = (s = '') => process.stdout.write(`${s}\n`);
const log = (s) => process.stderr.write(`[bench] ${s}\n`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const ms = (x) => `${Math.round(x)} ms`;

// ------------------------------------------------------------------------------------------ preflight
function fail(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}
if (process.getuid?.() !== 0) fail('run as root (the lab adds 127.0.0.101–110 to lo and starts Samba/squid/dnsmasq)');
const need = { curl: 'curl', tc: 'iproute2', ip: 'iproute2', ldapsearch: 'ldap-utils', samba: 'samba', 'samba-tool': 'samba', openssl: 'openssl' };
const missing = Object.entries(need).filter(([cmd]) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status !== 0);
for (const [bin, pkg] of [['/usr/sbin/squid', 'squid-openssl'], ['/usr/sbin/dnsmasq', 'dnsmasq-base']]) if (!existsSync(bin)) missing.push([bin, pkg]);
if (missing.length) fail(`missing: ${missing.map(([c, p]) => `${c} (Debian package ${p})`).join(', ')}. Install them (as .ci/run does) and retry.`);
if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) fail('dist/ is missing: run `npm run build` first (npm run bench does)');

/** Does this kernel offer netem? Probed on a throw-away veth pair (never on lo). */
function netemAvailable() {
  const a = `hbn${process.pid % 100000}a`;
  try {
    execFileSync('ip', ['link', 'add', a, 'type', 'veth', 'peer', 'name', `${a}b`], { stdio: 'ignore', timeout: 10_000 });
  } catch {
    return 'unknown (could not create a veth pair)';
  }
  try {
    execFileSync('tc', ['qdisc', 'add', 'dev', a, 'root', 'netem', 'delay', '1ms'], { stdio: 'ignore', timeout: 10_000 });
    return 'yes';
  } catch {
    return 'no';
  } finally {
    spawnSync('ip', ['link', 'del', a], { stdio: 'ignore', timeout: 10_000 });
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    host: os.hostname(),
    os: `${os.type()} ${os.release()}`,
    debian: existsSync('/etc/debian_version') ? readFileSync('/etc/debian_version', 'utf8').trim() : undefined,
    nproc: os.availableParallelism?.() ?? cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    samba: spawnSync('samba', ['-V'], { encoding: 'utf8' }).stdout.trim(),
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '),
  };
}

// ------------------------------------------------------------------------------------------ cold start
function coldStart() {
  const cli = join(root, 'bin', 'haadj-preflight.js');
  const hf = spawnSync('sh', ['-c', 'command -v hyperfine']).status === 0;
  if (hf) {
    const tmp = mkdtempSync(join(os.tmpdir(), 'haadj-bench-hf-'));
    try {
      execFileSync('hyperfine', ['--shell=none', '--warmup', '3', '--runs', '20', '--export-json', join(tmp, 'hf.json'), `node ${cli} --version`], { stdio: 'ignore', timeout: 120_000 });
      const r = JSON.parse(readFileSync(join(tmp, 'hf.json'), 'utf8')).results[0];
      const node = spawnSync('hyperfine', ['--shell=none', '--warmup', '3', '--runs', '20', '--export-json', join(tmp, 'n.json'), `node -e 0`], { stdio: 'ignore', timeout: 120_000 });
      const bare = node.status === 0 ? JSON.parse(readFileSync(join(tmp, 'n.json'), 'utf8')).results[0].median * 1000 : undefined;
      return { tool: 'hyperfine', medianMs: r.median * 1000, minMs: r.min * 1000, maxMs: r.max * 1000, bareNodeMs: bare };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const time = (args) => {
    const t = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: 'ignore', timeout: 30_000 });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
    return performance.now() - t;
  };
  for (let i = 0; i < 3; i++) time([cli, '--version']);
  const runs = Array.from({ length: 20 }, () => time([cli, '--version']));
  const bare = Array.from({ length: 20 }, () => time(['-e', '0']));
  return { tool: 'node spawnSync loop (hyperfine not installed)', medianMs: median(runs), minMs: Math.min(...runs), maxMs: Math.max(...runs), bareNodeMs: median(bare) };
}

// ------------------------------------------------------------------------------------------ parse
function parseBench() {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'bench-parse.mjs'), '10000'], { encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`scripts/bench-parse.mjs failed: ${r.stderr}`);
  const num = (re) => Number((re.exec(r.stdout) ?? [])[1]);
  return { raw: r.stdout.trim(), perSecond: num(/throughput:\s+(\d+)/), peakRssMB: num(/peak RSS:\s+([\d.]+)/) };
}

// ------------------------------------------------------------------------------------------ lab runs
function toolConfig(info) {
  return {
    tenant: { id: '6f1b3c2a-1d2e-4f50-8a9b-0c1d2e3f4a5b', name: 'bench.example' },
    cloud: 'AzureCloud',
    forests: info.forests.map((f, i) => ({
      name: f.name,
      dnsServers: [`${f.dcs[0].ip}:1053`],
      port: 1636,
      tls: 'ldaps',
      caFile: info.caFile,
      bindDn: f.bindDn,
      passwordEnv: `BENCH_PW_${i + 1}`,
      timeoutMs: 10_000,
    })),
    network: {
      proxies: ['direct', ...info.network.proxies, { pac: info.network.pacUrl }],
      caFile: info.caFile,
      dnsServers: [info.network.dnsServer],
      seamlessSso: true,
      expectedIssuers: ['HAADJ Bench'],
      timeoutMs: 10_000,
    },
  };
}

function runChild(cmd, args, env, timeoutMs) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, wallMs: performance.now() - t });
    });
  });
}

async function runTool(configFile, env, dir) {
  const rssFile = join(dir, 'maxrss');
  rmSync(rssFile, { force: true });
  const r = await runChild(process.execPath, ['--import', join(root, 'bench', 'maxrss-hook.mjs'), process.env.BENCH_CLI || join(root, 'bin', 'haadj-preflight.js'), 'check', '--config', configFile, '--format', 'json'],
    { ...env, BENCH_MAXRSS_FILE: rssFile }, 120_000);
  if (r.code !== 0 && r.code !== 1) throw new Error(`check exited ${r.code}: ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout);
  return { wallMs: r.wallMs, durationMs: report.durationMs, summary: report.summary, findings: report.findings, maxRssKiB: Number(readFileSync(rssFile, 'utf8')) };
}

function baselineScript(info, config, dir) {
  const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`;
  const lines = ['#!/bin/bash', '# Serial baseline: the same observations as `check`, one ldapsearch/curl after another.', 'set -u', 'fail=0',
    `export LDAPTLS_CACERT=${q(info.caFile)} LDAPTLS_REQCERT=demand`];
  const rootAttrs = 'dnsHostName defaultNamingContext configurationNamingContext rootDomainNamingContext currentTime domainControllerFunctionality forestFunctionality supportedLDAPVersion serverName';
  info.forests.forEach((f, i) => {
    const pw = join(dir, `pw${i + 1}`);
    writeFileSync(pw, f.password, { mode: 0o600 });
    for (const dc of f.dcs) {
      const base = `ldapsearch -x -LLL -o nettimeout=10 -H ldaps://${dc.ip}:1636 -D ${q(f.bindDn)} -y ${q(pw)}`;
      lines.push(`${base} -b '' -s base ${rootAttrs} >/dev/null || fail=$((fail+1))`);
      const scp = `CN=62a0ff2e-97b9-4513-943f-0d221bd30080,CN=Device Registration Configuration,CN=Services,CN=Configuration,${f.baseDn}`;
      lines.push(`${base} -b ${q(scp)} -s base -E '!1.2.840.113556.1.4.801=::MAMCAQQ=' keywords objectClass whenChanged whenCreated nTSecurityDescriptor >/dev/null || fail=$((fail+1))`);
    }
  });
  const tenant = encodeURIComponent(config.tenant.name);
  const urls = [
    'https://enterpriseregistration.windows.net/',
    'https://login.microsoftonline.com/common/oauth2',
    'https://device.login.microsoftonline.com/common/oauth2',
    'https://autologon.microsoftazuread-sso.com/',
    `https://enterpriseregistration.windows.net/${tenant}/discover?api-version=1.7`,
    `https://enterpriseregistration.windows.net/${tenant}/enrollmentserver/contract?api-version=1.2`,
    `https://login.microsoftonline.com/${tenant}/.well-known/openid-configuration`,
    `https://login.microsoftonline.com/common/UserRealm/?user=${tenant}&api-version=1.0`,
  ];
  const curl = `curl -sS -o /dev/null --max-time 10 --cacert ${q(info.caFile)}`;
  const pacProxy = (host) => (host.endsWith('.windows.net') ? info.network.proxies[1] : info.network.proxies[0]);
  lines.push(`curl -sS -o /dev/null --max-time 10 --noproxy '*' ${q(info.network.pacUrl)} || fail=$((fail+1))`);
  for (const url of urls) {
    const host = new URL(url).hostname;
    lines.push(`${curl} --noproxy '*' --resolve ${host}:443:${info.network.endpointRelayIp} ${q(url)} || fail=$((fail+1))`);
    for (const p of info.network.proxies) lines.push(`${curl} --proxy ${p} ${q(url)} || fail=$((fail+1))`);
    lines.push(`${curl} --proxy ${pacProxy(host)} ${q(url)} || fail=$((fail+1))  # PAC path: the proxy the PAC names`);
  }
  lines.push('echo "failures=$fail"', '[ "$fail" -eq 0 ]');
  const file = join(dir, 'baseline.sh');
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o755 });
  return { file, ldapsearches: info.forests.reduce((n, f) => n + f.dcs.length * 2, 0), curls: urls.length * 4 + 1 };
}

// ------------------------------------------------------------------------------------------ main
const m = machine();
log(`netem probe…`);
const netem = netemAvailable();
out(`haadj-preflight benchmark — ${m.date}`);
out(`machine: ${m.nproc} cores (${m.cpu}), ${m.memGiB} GiB, ${m.os}, Debian ${m.debian ?? '?'}, Node ${m.node}, ${m.samba}; load average at start ${m.loadavg}`);
out('');

log('cold start…');
const cold = coldStart();
out(`cold start \`haadj-preflight --version\`: median ${ms(cold.medianMs)} (min ${ms(cold.minMs)}, max ${ms(cold.maxMs)}; ${cold.tool}, 20 runs)  target <= 150 ms  ${cold.medianMs <= 150 ? 'OK' : 'MISSED'}`);
if (cold.bareNodeMs !== undefined) out(`  (bare \`node -e 0\`: ${ms(cold.bareNodeMs)})`);

log('dsregcmd parse…');
const parse = parseBench();
out(`dsregcmd parse: ${parse.perSecond} outputs/s over 10,000 generated outputs, peak RSS ${parse.peakRssMB} MB  target >= 5000/s  ${parse.perSecond >= 5000 ? 'OK' : 'MISSED'}`);
log('dsregcmd summarize (fleet: 5,000 and 20,000 files, one run each, beside awk)…');
const fleetRun = spawnSync(process.execPath, [join(root, 'bench', 'fleet.mjs'), '--runs', '1'], { encoding: 'utf8', timeout: 600_000 });
out(fleetRun.status === 0 ? fleetRun.stdout.trim() : `bench/fleet.mjs failed: ${fleetRun.stderr.trim().slice(-300)}`);
out('');

const { startLab } = await import('./lab.mjs');
let lab;
let stopping = false;
const cleanup = async () => {
  if (stopping) return;
  stopping = true;
  if (lab) await lab.stop().catch((e) => log(`cleanup: ${e.message}`));
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    log(`${sig}: cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

let exitCode = 0;
try {
  log(`starting the lab: ${FORESTS} forests × ${DCS} DC(s), RTT ${RTT} ms…`);
  lab = await startLab({ forests: FORESTS, dcsPerForest: DCS, oneWayMs: RTT / 2 });
  const { info } = lab;
  const work = info.dir;
  log(`lab ready in ${info.timings.totalMs} ms (${JSON.stringify(info.timings)})`);
  writeFileSync(join(work, 'lab.json'), JSON.stringify(info));
  const config = toolConfig(info);
  const configFile = join(work, 'preflight.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const env = { ...process.env, NO_COLOR: '1' };
  delete env.HTTPS_PROXY; delete env.https_proxy; delete env.HTTP_PROXY; delete env.http_proxy;
  info.forests.forEach((f, i) => { env[`BENCH_PW_${i + 1}`] = f.password; });

  // (a) the tool
  log('tool: warm-up run…');
  const warm = await runTool(configFile, env, work);
  const bad = warm.findings.filter((f) => f.status === 'error' || f.status === 'fail');
  const toolRuns = [];
  for (let i = 0; i < RUNS; i++) {
    log(`tool: run ${i + 1}/${RUNS}…`);
    toolRuns.push(await runTool(configFile, env, work));
  }
  const toolWall = median(toolRuns.map((r) => r.wallMs));
  const toolInternal = median(toolRuns.map((r) => r.durationMs));
  const toolRss = Math.max(...toolRuns.map((r) => r.maxRssKiB)) / 1024;

  // (b) the serial baseline
  const base = baselineScript(info, config, work);
  const baseRuns = [];
  for (let i = 0; i < BASELINE_RUNS; i++) {
    log(`baseline: run ${i + 1}/${BASELINE_RUNS}…`);
    const r = await runChild('bash', [base.file], env, 600_000);
    if (r.code !== 0) throw new Error(`baseline failed (${r.stdout.trim()}): ${r.stderr.slice(-2000)}`);
    baseRuns.push(r.wallMs);
  }
  const baseWall = median(baseRuns);

  // (c) the critical path
  log('critical path: measuring single chains…');
  const chainRun = await runChild(process.execPath, [join(root, 'bench', 'chain.mjs'), join(work, 'lab.json'), '5'], env, 120_000);
  if (chainRun.code !== 0) throw new Error(`bench/chain.mjs failed: ${chainRun.stderr.slice(-2000)}`);
  const chain = JSON.parse(chainRun.stdout);
  // Round trips nobody can avoid (TLS 1.3: one round trip for the handshake):
  const cp = {
    dc: { rtts: 7, what: 'SRV + A lookup + TCP + TLS + bind + rootDSE + SCP search' },
    pac: { rtts: 6, what: 'PAC download (TCP + GET) + TCP to proxy + CONNECT + TLS + GET' },
    direct: { rtts: 4, what: 'A lookup + TCP + TLS + GET' },
  };
  const cpRtts = Math.max(cp.dc.rtts, cp.pac.rtts);
  const cpComputed = cpRtts * RTT;
  const cpMeasured = Math.max(chain.dc.medianMs, chain.pac.medianMs, chain.direct.medianMs);
  // The tool reads the tenant names from the SCPs before it starts the network half: its own chain is
  // (its DC chain) + (its PAC chain). The DC chain of the tool has 10 round trips (see docs/performance.md).
  // DC: SRV + A + TCP + TLS + rootDSE + bind + pipelined reads; the network half runs alongside (PAC path 6 RTT).
  const toolChainRtts = Math.max(7, 6);

  const probes = 4 * 8;
  out(`lab: ${info.forests.length} forests × ${info.dcsPerForest} Samba DC(s) (second DC joined with samba-tool domain join), ${probes} probes (8 requests on 4 endpoint hosts × 4 proxy paths: direct, squid :3128, squid :3129, PAC)`);
  out(`latency: RTT ${RTT} ms on every link the tool or the baseline uses (userspace relays, bench/relay.mjs; tc netem available here: ${netem}); lab set-up ${ms(info.timings.totalMs)}`);
  out(`tool findings in the lab: ${JSON.stringify(warm.summary)}${bad.length ? `; fail/error: ${bad.slice(0, 6).map((f) => `${f.check}[${f.server ?? f.proxy ?? f.forest ?? ''}]`).join(', ')}${bad.length > 6 ? ', …' : ''}` : ''}`);
  out('');
  out(`(a) tool \`check --format json\`: median wall ${ms(toolWall)} over ${RUNS} runs (${toolRuns.map((r) => Math.round(r.wallMs)).join(', ')}); report durationMs ${ms(toolInternal)} (wall minus start-up/render); peak RSS ${toolRss.toFixed(1)} MiB`);
  out(`(b) serial baseline (${base.ldapsearches} ldapsearch + ${base.curls} curl, bench output dir baseline.sh): median ${ms(baseWall)} over ${BASELINE_RUNS} runs (${baseRuns.map(Math.round).join(', ')})`);
  out(`(c) critical path: computed ${cpRtts} RTT × ${RTT} ms = ${ms(cpComputed)} (longest chain: DC ${cp.dc.rtts} RTT — ${cp.dc.what}; PAC path ${cp.pac.rtts} RTT — ${cp.pac.what}; direct ${cp.direct.rtts} RTT)`);
  out(`    measured alone in a warm process: DC ${ms(chain.dc.medianMs)} ${JSON.stringify(chain.dc.steps)}; PAC ${ms(chain.pac.medianMs)} ${JSON.stringify(chain.pac.steps)}; direct ${ms(chain.direct.medianMs)} ${JSON.stringify(chain.direct.steps)}`);
  out(`    the tool's own dependency chain: 7 RTT per DC (rootDSE before the bind, objectSid/container/SCP pipelined after it), network half alongside: ${toolChainRtts} RTT = ${ms(toolChainRtts * RTT)} + start-up`);
  out('');
  const r1 = toolWall / cpComputed;
  const r1m = toolWall / cpMeasured;
  const r2 = baseWall / toolWall;
  out(`tool / critical path: ${r1.toFixed(2)}× computed, ${r1m.toFixed(2)}× measured (report durationMs / computed: ${(toolInternal / cpComputed).toFixed(2)}×)  target <= 1.5×  ${r1m <= 1.5 ? 'OK' : 'MISSED'}`);
  out(`baseline / tool:      ${r2.toFixed(1)}×  target >= 8×  ${r2 >= 8 ? 'OK' : 'MISSED'}`);
  out(`load average at end: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other work on this machine inflates every figure)`);

  if (argv.includes('--markdown')) {
    out('');
    out('```markdown');
    out(`| figure | value | target |`);
    out(`|---|---|---|`);
    out(`| cold start \`--version\` (median of 20) | ${ms(cold.medianMs)} (bare node ${cold.bareNodeMs ? ms(cold.bareNodeMs) : '?'}) | ≤ 150 ms |`);
    out(`| dsregcmd parse, 10,000 outputs | ${parse.perSecond}/s, peak RSS ${parse.peakRssMB} MB | ≥ 5,000/s |`);
    out(`| \`check\`, ${info.forests.length}×${info.dcsPerForest} DCs, 32 probes, RTT ${RTT} ms | ${ms(toolWall)} wall (durationMs ${ms(toolInternal)}), peak RSS ${toolRss.toFixed(1)} MiB | |`);
    out(`| serial baseline (ldapsearch + curl) | ${ms(baseWall)} | |`);
    out(`| critical path computed / measured | ${ms(cpComputed)} / ${ms(cpMeasured)} | |`);
    out(`| tool / critical path (computed, measured) | ${r1.toFixed(2)}×, ${r1m.toFixed(2)}× | ≤ 1.5× |`);
    out(`| baseline / tool | ${r2.toFixed(1)}× | ≥ 8× |`);
    out('```');
  }
} catch (err) {
  process.stderr.write(`bench: ${err.stack ?? err}\n`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
