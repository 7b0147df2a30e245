// Fleet benchmark (not a test): `dsregcmd summarize DIR --format json` over N generated captures, as a whole
// process (wall clock, CPU time, peak RSS), beside a four-line awk count over the same files in the same run.
//
//   node bench/fleet.mjs [--sizes 5000,20000] [--runs 3] [--keep DIR]     (npm run bench:fleet; build first)
//   BENCH_CLI=/other/bin/haadj-preflight.js times another build.
//
// Targets (issue #14): at least 20,000 outputs/s on 20,000 files, and peak RSS within +25 MiB between 5,000 and
// 20,000 files. Prints the machine, the load average before and after, and the tool/awk ratio. Exits 0 either way.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCaptures } from './fleet-captures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const SIZES = String(arg('sizes', '5000,20000')).split(',').map(Number).filter((n) => n > 0);
const RUNS = Number(arg('runs', 3));
const CLI = process.env.BENCH_CLI ?? join(root, 'bin', 'haadj-preflight.js');
const out = (s = '') => process.stdout.write(`${s}\n`);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!existsSync(join(root, 'dist', 'cli', 'main.js')) && !process.env.BENCH_CLI) {
  process.stderr.write('bench: dist/ is missing: run `npm run build` first\n');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  process.stderr.write('bench: /usr/bin/time is missing (Debian package "time")\n');
  process.exit(2);
}

// The awk script of the issue: counts AzureAdJoined / DomainJoined / Error Phase / Client ErrorCode values.
const AWK = `/AzureAdJoined :/ { a[$3]++ }
/DomainJoined :/ { d[$3]++ }
/Error Phase :/ { p[$4]++ }
/Client ErrorCode :/ { c[$4]++ } END { for (k in a) print "AzureAdJoined", k, a[k]; for (k in d) print "DomainJoined", k, d[k]; for (k in p) print "ErrorPhase", k, p[k]; for (k in c) print "ClientErrorCode", k, c[k] }
`;

/** One whole-process run under /usr/bin/time: wall seconds, user+sys seconds, peak RSS KiB. */
function timed(cmd, args, cwd) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', cmd, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const [wall, user, sys, rss] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys, rssKiB: rss, stdout: r.stdout };
}

function measure(dir, files) {
  const awkFile = join(dir, '..', 'count.awk');
  writeFileSync(awkFile, AWK);
  const names = readFileSync(join(dir, '..', 'names.txt'), 'utf8').trim().split('\n');
  const tool = [];
  const awk = [];
  timed(process.execPath, [CLI, 'dsregcmd', 'summarize', dir, '--format', 'json'], root); // warm the page cache
  for (let i = 0; i < RUNS; i++) {
    tool.push(timed(process.execPath, [CLI, 'dsregcmd', 'summarize', dir, '--format', 'json'], root));
    awk.push(timed('awk', ['-f', awkFile, ...names], dir));
  }
  const summary = JSON.parse(tool[0].stdout);
  const pick = (runs) => ({ wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)), rssMiB: Math.max(...runs.map((r) => r.rssKiB)) / 1024 });
  return { files, devices: summary.devices, tool: pick(tool), awk: pick(awk) };
}

out(`machine: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`);
out(`load average before: ${load()}`);
const results = [];
for (const n of SIZES) {
  const base = mkdtempSync(join(os.tmpdir(), 'haadj-fleet-bench-'));
  try {
    const dir = join(base, 'captures');
    writeCaptures(dir, n);
    writeFileSync(join(base, 'names.txt'), spawnSync('ls', [dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).stdout);
    results.push(measure(dir, n));
  } finally {
    if (arg('keep') === undefined) rmSync(base, { recursive: true, force: true });
  }
}
out(`load average after:  ${load()}`);
out('');
out('| files | devices | tool wall | tool outputs/s | tool CPU | tool peak RSS | awk wall | awk outputs/s | awk peak RSS | tool/awk wall |');
out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of results) {
  const rate = (w) => Math.round(r.files / w).toLocaleString('en-US');
  out(`| ${r.files} | ${r.devices} | ${r.tool.wall.toFixed(2)} s | ${rate(r.tool.wall)} | ${r.tool.cpu.toFixed(2)} s | ${r.tool.rssMiB.toFixed(0)} MiB | ${r.awk.wall.toFixed(2)} s | ${rate(r.awk.wall)} | ${r.awk.rssMiB.toFixed(0)} MiB | ${(r.tool.wall / r.awk.wall).toFixed(1)}× |`);
}
const big = results.find((r) => r.files === 20000);
const small = results.find((r) => r.files === 5000);
out('');
if (big) out(`target ≥ 20,000 outputs/s on 20,000 files: ${Math.round(big.files / big.tool.wall).toLocaleString('en-US')}/s (${big.files / big.tool.wall >= 20000 ? 'met' : 'missed'}); by CPU time ${Math.round(big.files / big.tool.cpu).toLocaleString('en-US')}/s`);
if (big && small) out(`target peak RSS 20,000 − 5,000 ≤ 25 MiB: ${(big.tool.rssMiB - small.tool.rssMiB).toFixed(1)} MiB (${big.tool.rssMiB - small.tool.rssMiB <= 25 ? 'met' : 'missed'})`);
