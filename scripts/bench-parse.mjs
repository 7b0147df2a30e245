// Parser throughput benchmark. Build first: `npx tsc -p tsconfig.build.json`, then
//   node scripts/bench-parse.mjs [count]        (default 10000 outputs)
// Generates variations of the sample outputs in memory, parses each once, and prints outputs/s
// and the peak resident set size seen while parsing. Target: at least 5,000 outputs/s.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseDsregcmdStatus } from '../dist/derived/dsregcmd/parse.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const count = Number(process.argv[2] ?? 10000);
const samples = readFileSync(join(root, 'test', 'fixtures', 'dsregcmd', 'status-samples.txt'), 'utf8')
  .split(/^=== SOURCE:.*$/m)
  .slice(1)
  .filter((b) => b.includes('+-----'));

/** Cheap deterministic variations: line endings, device names, codes, doubled blank lines, cut-offs. */
function variant(i) {
  let text = samples[i % samples.length];
  text = text.replace(/DomainName : \w+/, `DomainName : DOM${i % 97}`);
  text = text.replace(/Client ErrorCode : 0x[0-9a-f]+/, `Client ErrorCode : 0x801c00${(i % 64).toString(16).padStart(2, '0')}`);
  if (i % 3 === 0) text = text.replace(/\n/g, '\r\n');
  if (i % 7 === 0) text = text.split('\n').join('\n\n');
  if (i % 11 === 0) text = text.slice(0, Math.floor(text.length * 0.6));
  if (i % 5 === 0) text = `PS C:\\Users\\pc${i}> dsregcmd /status\n${text}\n               Device Name : pc${i}.contoso.com\n`;
  return text;
}

const inputs = Array.from({ length: count }, (_, i) => variant(i));
const totalChars = inputs.reduce((n, t) => n + t.length, 0);

// warm-up so the JIT has seen the code
for (let i = 0; i < 200; i++) parseDsregcmdStatus(inputs[i % inputs.length]);

let peakRss = process.memoryUsage().rss;
let sink = 0;
const start = performance.now();
for (let i = 0; i < inputs.length; i++) {
  const r = parseDsregcmdStatus(inputs[i]);
  sink += r.codes.length;
  if (i % 250 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
const ms = performance.now() - start;
peakRss = Math.max(peakRss, process.memoryUsage().rss);

const mb = (n) => (n / 1024 / 1024).toFixed(1);
console.log(`outputs:      ${count} (${samples.length} base samples, ${mb(totalChars)} M characters)`);
console.log(`time:         ${ms.toFixed(0)} ms`);
console.log(`throughput:   ${Math.round((count / ms) * 1000)} outputs/s (target >= 5000)`);
console.log(`per output:   ${((ms * 1000) / count).toFixed(1)} µs`);
console.log(`peak RSS:     ${mb(peakRss)} MB`);
console.log(`(checksum ${sink})`);
