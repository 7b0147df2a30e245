// Measures the critical-path chains alone, in one warm Node process (no CLI start-up), one step after another:
//   dc:     SRV lookup → A lookup → TCP+TLS+bind → rootDSE → SCP base search (SD flags control)
//   pac:    PAC download (TCP + GET) → TCP to the chosen proxy → CONNECT → TLS → GET
//   direct: A lookup → TCP → TLS → GET
// Usage: node bench/chain.mjs LAB_INFO.json [repeats]  → JSON on stdout.
import { Resolver } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { Client } from 'ldapts';
import { SdFlagsControl } from '../dist/gather/ldap/sd-flags-control.js';

const info = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const repeats = Number(process.argv[3] ?? 3);
const ca = readFileSync(info.caFile, 'utf8');
const SCP_CN = '62a0ff2e-97b9-4513-943f-0d221bd30080';
const now = () => performance.now();

function resolver(server) {
  const r = new Resolver({ timeout: 5000, tries: 1 });
  r.setServers([server]);
  return r;
}

async function dcChain(forest) {
  const steps = {};
  let t = now();
  const t0 = t;
  const lap = (name) => { const n = now(); steps[name] = +(n - t).toFixed(1); t = n; };
  const dns = resolver(`${forest.dcs[0].ip}:1053`);
  const srv = await dns.resolveSrv(`_ldap._tcp.dc._msdcs.${forest.name}`);
  lap('srv');
  const host = srv.map((s) => s.name.toLowerCase()).sort()[0];
  const [address] = await dns.resolve4(host);
  lap('a');
  const client = new Client({ url: `ldaps://${address}:1636`, timeout: 10_000, connectTimeout: 10_000, tlsOptions: { ca: [ca], servername: host } });
  await client.bind(forest.bindDn, forest.password);
  lap('tcp+tls+bind');
  const root = await client.search('', { scope: 'base', attributes: ['configurationNamingContext', 'currentTime'] });
  lap('rootDSE');
  const configNc = String(root.searchEntries[0].configurationNamingContext);
  const scp = await client.search(`CN=${SCP_CN},CN=Device Registration Configuration,CN=Services,${configNc}`,
    { scope: 'base', attributes: ['keywords', 'nTSecurityDescriptor'], explicitBufferAttributes: ['nTSecurityDescriptor'] }, new SdFlagsControl());
  lap('scp');
  if (!scp.searchEntries[0]) throw new Error('no SCP');
  const total = now() - t0;
  await client.unbind().catch(() => undefined);
  return { totalMs: +total.toFixed(1), steps };
}

function readHead(socket) {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (d) => {
      buf = Buffer.concat([buf, d]);
      const end = buf.indexOf('\r\n\r\n');
      if (end >= 0) {
        socket.off('data', onData);
        socket.pause();
        resolve({ head: buf.subarray(0, end).toString('latin1'), rest: buf.subarray(end + 4) });
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

function httpsGet(socket, host) {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ socket, servername: host, ca: [ca] });
    s.once('error', reject);
    s.once('secureConnect', () => resolve(s));
  });
}

async function requestOver(secure, host, path) {
  secure.write(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  return new Promise((resolve) => {
    let text = '';
    secure.on('data', (d) => { text += d; });
    secure.on('end', () => resolve(text));
    secure.resume();
  });
}

function connect(host, port) {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

async function pacChain() {
  const steps = {};
  let t = now();
  const t0 = t;
  const lap = (name) => { const n = now(); steps[name] = +(n - t).toFixed(1); t = n; };
  const pac = await new Promise((resolve, reject) => {
    http.get(info.network.pacUrl, { agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve(body));
    }).once('error', reject);
  });
  lap('pac tcp+get');
  const host = 'login.microsoftonline.com';
  const m = /PROXY ([\d.]+):(\d+)";\n}/.exec(pac);
  const socket = await connect(m[1], Number(m[2]));
  lap('tcp');
  socket.write(`CONNECT ${host}:443 HTTP/1.1\r\nHost: ${host}:443\r\n\r\n`);
  const { head } = await readHead(socket);
  if (!/^HTTP\/1\.[01] 200/.test(head)) throw new Error(`CONNECT: ${head}`);
  lap('connect');
  const secure = await httpsGet(socket, host);
  lap('tls');
  const text = await requestOver(secure, host, '/common/oauth2');
  lap('get');
  if (!text.startsWith('HTTP/1.1 200')) throw new Error(`GET: ${text.slice(0, 60)}`);
  return { totalMs: +(now() - t0).toFixed(1), steps };
}

async function directChain() {
  const steps = {};
  let t = now();
  const t0 = t;
  const lap = (name) => { const n = now(); steps[name] = +(n - t).toFixed(1); t = n; };
  const host = 'login.microsoftonline.com';
  const [address] = await resolver(info.network.dnsServer).resolve4(host);
  lap('a');
  const socket = await connect(address, 443);
  lap('tcp');
  const secure = await httpsGet(socket, host);
  lap('tls');
  const text = await requestOver(secure, host, '/common/oauth2');
  lap('get');
  if (!text.startsWith('HTTP/1.1 200')) throw new Error(`GET: ${text.slice(0, 60)}`);
  return { totalMs: +(now() - t0).toFixed(1), steps };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = {};
for (const [name, fn] of [['dc', () => dcChain(info.forests[0])], ['pac', pacChain], ['direct', directChain]]) {
  await fn(); // warm-up: JIT, squid's DNS cache
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(await fn());
  const m = median(runs.map((r) => r.totalMs));
  out[name] = { medianMs: m, runs: runs.map((r) => r.totalMs), steps: runs.find((r) => r.totalMs === m).steps };
}
process.stdout.write(`${JSON.stringify(out)}\n`);
