// Parse benchmark (not a test): CPU time per capture of the full parse (decode, scan, typed model, derived
// fields) plus the compact fleet record, in one process without file I/O, over 1,000 generated captures
// (bench/fleet-captures.mjs). Steadier than wall clock on a shared machine; for figures that do not depend on
// the load at all, count instructions with callgrind and subtract a run that parses nothing:
//
//   node bench/fleet-parse.mjs [--rounds 5]                         (build first)
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null node bench/fleet-parse.mjs --count 4000   (and --count 0)
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCaptures } from './fleet-captures.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const dist = process.env.BENCH_DIST ?? join(root, 'dist');
const { parseDsregcmdBytes } = await import(join(dist, 'derived', 'dsregcmd', 'parse.js'));
const { isDsregcmdCapture, toCapture } = await import(join(dist, 'derived', 'dsregcmd', 'capture.js'));

const base = mkdtempSync(join(os.tmpdir(), 'haadj-parse-bench-'));
let names;
let bufs;
try {
  writeCaptures(join(base, 'c'), 1000);
  names = readdirSync(join(base, 'c')).sort();
  bufs = names.map((n) => readFileSync(join(base, 'c', n)));
} finally {
  rmSync(base, { recursive: true, force: true });
}
let kept = 0;
function parse(count) {
  for (let i = 0; i < count; i++) {
    const k = i % bufs.length;
    const status = parseDsregcmdBytes(bufs[k]);
    if (isDsregcmdCapture(status)) kept += toCapture(status, { source: names[k], fallbackName: names[k], fileTime: 0 }).name.length > 0 ? 1 : 0;
  }
}

const fixed = arg('count', -1);
if (fixed >= 0) {
  parse(fixed); // for callgrind: a fixed amount of work
  process.stdout.write(`parsed ${fixed} captures\n`);
} else {
  const perRound = 3 * bufs.length;
  parse(perRound); // warm-up (JIT)
  const us = [];
  for (let r = 0; r < arg('rounds', 5); r++) {
    const c0 = process.cpuUsage();
    parse(perRound);
    const c = process.cpuUsage(c0);
    us.push((c.user + c.system) / perRound);
  }
  us.sort((a, b) => a - b);
  const avg = bufs.reduce((n, b) => n + b.length, 0) / bufs.length;
  process.stdout.write(`load average: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}\n`);
  process.stdout.write(`full parse + fleet record: ${us[0].toFixed(1)} µs CPU per capture (best of ${us.length}; median ${us[Math.floor(us.length / 2)].toFixed(1)}), captures of ${(avg / 1024).toFixed(1)} KiB on average, ${kept > 0 ? 'ok' : 'nothing parsed'}\n`);
}
