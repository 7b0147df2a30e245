// Synthetic-but-realistic `dsregcmd /status` captures for the fleet benchmark, built from the real captures in
// test/fixtures/dsregcmd/status-samples.txt: the Windows Server 2022 capture (all sections, SYSTEM run, proxy
// sections, a wrapped value) is the skeleton; its Device State, Diagnostic Data and WinHTTP proxy are rewritten
// per device into one of the states seen in the samples (hybrid joined with Device Details, SCP missing
// 0x801c001d, discovery timeout 0x801c0021/0x80072ee2, sync-join pending 0x801c03f2, domain joined without an
// attempt yet). Device ids, host names, domains, Client Time and encodings vary (a third UTF-16LE with BOM and
// CRLF, as PowerShell's Out-File writes; the rest UTF-8, some with CRLF).
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = readFileSync(join(root, 'test', 'fixtures', 'dsregcmd', 'status-samples.txt'), 'utf8');
const skeleton = samples.split(/^=== SOURCE:.*$/m).find((b) => b.includes('rcmlab-ws2022-s.rcmlab.local'));
if (!skeleton) throw new Error('the Windows Server 2022 sample is missing from the fixtures');

export const DOMAINS = [
  { dns: 'contoso.com', netbios: 'CONTOSO' },
  { dns: 'eu.contoso.com', netbios: 'EU' },
  { dns: 'fabrikam.com', netbios: 'FABRIKAM' },
  { dns: 'corp.tailspin.local', netbios: 'TAILSPIN' },
];
export const PROXY = 'proxy.contoso.com:8080';

const pad = (n, w) => String(n).padStart(w, '0');
const box = (title) => `+----------------------------------------------------------------------+\n| ${title.padEnd(69)}|\n+----------------------------------------------------------------------+\n`;
const f = (name, value) => `${name.padStart(26)} : ${value}`;
/** Deterministic pseudo-random in [0, 1) from an integer. */
const rnd = (i) => {
  let x = (i + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
};
const guid = (i) => {
  const h = (k) => Math.floor(rnd(i * 7 + k) * 2 ** 32).toString(16).padStart(8, '0');
  const s = h(1) + h(2) + h(3) + h(4);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
};
const utc = (ms) => new Date(ms).toISOString().replace('T', ' ').replace('Z', ' UTC');

const STATES = ['hybrid', 'scp-missing', 'discovery-timeout', 'sync-pending', 'domain-only'];

/** The state of device `d` on its capture number `k` (devices move from failing to joined over time). */
export function stateOf(d, k) {
  const base = STATES[Math.floor(rnd(d) * STATES.length)];
  return k > 0 && base === 'sync-pending' && rnd(d + k) < 0.5 ? 'hybrid' : base;
}

function diagnostic(state, clientTime, host, dom) {
  const account = f('Executing Account Name', `${dom.netbios}\\${host.toUpperCase()}$, ${host.toUpperCase()}$@${dom.dns}`);
  if (state === 'hybrid') return [f('AadRecoveryEnabled', 'NO'), account, f('KeySignTest', 'PASSED'), '', f('DisplayNameUpdated', 'YES'), f('OsVersionUpdated', 'YES'), f('HostNameUpdated', 'YES')].join('\n');
  const tests = {
    'scp-missing': ['FAIL [0x80070002]', 'SKIPPED', 'discover', '0x801c001d'],
    'discovery-timeout': ['PASS', 'FAIL [0x801c0021/0x80072ee2]', 'discover', '0x801c0021'],
    'sync-pending': ['PASS', 'PASS', 'join', '0x801c03f2'],
    'domain-only': ['PASS', 'PASS', null, null],
  }[state];
  const lines = [
    'Waiting for Diagnostics Task to complete. This could take a few minutes...', '',
    f('Diagnostics Reference', 'www.microsoft.com/aadjerrors'), f('User Context', 'SYSTEM'), f('Client Time', utc(clientTime)),
    f('AD Connectivity Test', 'PASS'), f('AD Configuration Test', tests[0]), f('DRS Discovery Test', tests[1]),
    f('DRS Connectivity Test', 'SKIPPED'), f('Token acquisition Test', 'SKIPPED'), f('Fallback to Sync-Join', 'ENABLED'), '',
    f('Previous Registration', utc(clientTime - 60_000)),
  ];
  if (tests[2]) lines.push(f('Error Phase', tests[2]), f('Client ErrorCode', tests[3]));
  if (state === 'sync-pending') lines.push(f('Server ErrorCode', 'DirectoryError'), f('Server Message', `The device object by the given id (${guid(clientTime)}) is not found.`), f('Https Status', '400'));
  return lines.join('\n');
}

/** One capture's text for device `d`, capture `k`. */
export function captureText(d, k) {
  const dom = DOMAINS[d % DOMAINS.length];
  const host = `pc-${pad(d, 6)}`;
  const state = stateOf(d, k);
  const clientTime = Date.UTC(2026, 10, 1) + k * 86_400_000 + Math.floor(rnd(d) * 3_600_000);
  const joined = state === 'hybrid';
  const deviceState = [f('AzureAdJoined', joined ? 'YES' : 'NO'), f('EnterpriseJoined', 'NO'), f('DomainJoined', 'YES'), f('DomainName', dom.netbios), f('Device Name', `${host}.${dom.dns}`)].join('\n');
  const details = joined ? `\n${box('Device Details')}\n${[f('DeviceId', guid(d)), f('Thumbprint', guid(d + 1).replace(/-/g, '').toUpperCase().slice(0, 40)), f('KeyProvider', 'Microsoft Platform Crypto Provider'), f('TpmProtected', 'YES'), f('DeviceAuthStatus', 'SUCCESS')].join('\n')}\n` : '';
  // behind the explicit proxy: devices of contoso.com with a discovery timeout (the proxy is what fails)
  const proxied = state === 'discovery-timeout' && dom.dns === 'contoso.com';
  const winhttp = proxied ? [f('Access Type', 'NAMED_PROXY'), f('Proxy Server List', PROXY), f('Proxy Bypass List', '<local>')].join('\n') : f('Access Type', 'DIRECT');
  let text = skeleton
    .replace(/(\| Device State[^\n]*\n\+-+\+\n\n)[\s\S]*?\n\n/, `$1${deviceState}\n${details}\n`)
    .replace(/(Waiting for Diagnostics Task[\s\S]*?)(\n\n\+-+\+\n\| IE Proxy)/, `${diagnostic(state, clientTime, host, dom)}$2`)
    .replace(/Access Type : DIRECT/, winhttp.trimStart())
    .replace(/RCMLAB\\RCMLAB-WS2022-S\$, RCMLAB-WS2022-S\$@rcmlab\.local/, `${dom.netbios}\\${host.toUpperCase()}$, ${host.toUpperCase()}$@${dom.dns}`)
    .replace(/rcmlabmaster/g, `admin${d % 13}`);
  return text;
}

/** Encoded as a collection script would save it. */
export function encode(text, i) {
  if (i % 3 === 0) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf16le')]);
  return Buffer.from(i % 3 === 1 ? text.replace(/\r?\n/g, '\r\n') : text, 'utf8');
}

/**
 * Writes `count` captures into `dir`: about 70% of devices once, the rest on up to 5 days (the same device
 * collected several times, as a daily GPO script does). Returns the number of distinct devices.
 */
export function writeCaptures(dir, count) {
  mkdirSync(dir, { recursive: true });
  let written = 0;
  let d = 0;
  while (written < count) {
    const days = rnd(d * 31) < 0.7 ? 1 : 2 + Math.floor(rnd(d * 17) * 4);
    for (let k = 0; k < days && written < count; k++, written++) {
      const file = join(dir, `pc-${pad(d, 6)}_2026-11-${pad(1 + k, 2)}.txt`);
      writeFileSync(file, encode(captureText(d, k), written));
      const t = (Date.UTC(2026, 10, 1) + k * 86_400_000) / 1000 + 7200;
      utimesSync(file, t, t);
    }
    d++;
  }
  return d;
}
