/**
 * The malformed configurations of the fault matrix (test/cli/faults-config.test.ts runs them through
 * the CLI; test/unit/config/schema.test.ts through the validator): name, command, config, and the
 * one line expected on stderr. The files they point at live in a fresh temporary folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'haadj-cfg-faults-'));
export const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const NOT_PEM = file('not-a-cert.pem', 'this is not a certificate\n');
export const A_DIR = join(dir, 'a-directory');
mkdirSync(A_DIR);
/** Nothing listens here: if a case got as far as the network it would fail differently (and fast). */
const DEAD = '127.0.0.30:1';
export const forest = (over: Record<string, unknown> = {}) => ({ name: 'contoso.test', servers: [DEAD], timeoutMs: 1000, ...over });
const TENANT = { id: '72f988bf-86f1-41af-91ab-2d7cd011db47' };

export const CASES: Array<[string, 'check' | 'probe', unknown, RegExp]> = [
  ['top level is an array', 'check', [forest()], /config: \(top level\): must be a JSON object/],
  ['forests is an object', 'check', { forests: { name: 'contoso.test' } }, /config: forests: must be an array/],
  ['forest is a string', 'check', { forests: ['contoso.test'] }, /config: forests\[0\]: must be an object/],
  ['forest without name', 'check', { forests: [{ servers: [DEAD] }] }, /config: forests\[0\]\.name: is required/],
  ['unknown forest key (a password in the config)', 'check', { forests: [forest({ password: 'x' })] }, /config: forests\[0\]\.password: unknown key/],
  ['servers is a string', 'check', { forests: [forest({ servers: 'dc1.contoso.test' })] }, /config: forests\[0\]\.servers: must be an array/],
  ['port out of range', 'check', { forests: [forest({ port: 70000 })] }, /config: forests\[0\]\.port: must be a whole number/],
  ['passwordEnv and passwordFile', 'check', { forests: [forest({ bindDn: 'a@b.c', passwordEnv: 'A', passwordFile: 'b' })] }, /config: forests\[0\]: give passwordEnv or passwordFile, not both/],
  ['duplicate forest', 'check', { forests: [forest(), forest()] }, /config: forests\[1\]\.name: forest "contoso\.test" is listed twice/],
  ['tenant.id not a GUID', 'check', { tenant: { id: 'contoso' }, forests: [forest()] }, /config: tenant\.id: "contoso" is not a GUID/],
  ['cloud unknown', 'check', { cloud: 'Mars', forests: [forest()] }, /config: cloud: must be one of/],
  ['clockSkew wrong type', 'check', { clockSkew: { warnSeconds: '60' }, forests: [forest()] }, /config: clockSkew\.warnSeconds: must be a whole number/],
  ['network is a string', 'probe', { tenant: TENANT, network: 'direct' }, /config: network: must be an object/],
  ['network unknown key', 'probe', { tenant: TENANT, network: { proxy: 'direct' } }, /config: network\.proxy: unknown key/],
  ['network.proxies is a string', 'probe', { tenant: TENANT, network: { proxies: 'direct' } }, /config: network\.proxies: must be a non-empty array/],
  ['network.proxies[1] is a number', 'probe', { tenant: TENANT, network: { proxies: ['direct', 8080] } }, /config: network\.proxies\[1\]: must be "direct"/],
  ['network.proxies[0].url is a number', 'probe', { tenant: TENANT, network: { proxies: [{ url: 8080 }] } }, /config: network\.proxies\[0\]\.url: must be a non-empty string/],
  ['network.proxies[0] has a password key', 'probe', { tenant: TENANT, network: { proxies: [{ url: 'http://p:3128', password: 'x' }] } }, /config: network\.proxies\[0\]\.password: unknown key/],
  ['network.proxies[0] https scheme', 'probe', { tenant: TENANT, network: { proxies: ['https://p:3128'] } }, /config: network\.proxies\[0\]: proxy scheme https: is not supported/],
  ['network.timeoutMs is a string', 'probe', { tenant: TENANT, network: { timeoutMs: '10s' } }, /config: network\.timeoutMs: must be a whole number from 100 to 600000/],
  ['network.seamlessSso is a string', 'probe', { tenant: TENANT, network: { seamlessSso: 'yes' } }, /config: network\.seamlessSso: must be true or false/],
  ['network.dnsServers holds a name', 'probe', { tenant: TENANT, network: { dnsServers: ['dns.contoso.test'] } }, /config: network\.dnsServers\[0\]: "dns\.contoso\.test" is not an IP address/],
  ['network.expectedIssuers is empty', 'probe', { tenant: TENANT, network: { expectedIssuers: [] } }, /config: network\.expectedIssuers: must be a non-empty array/],
  ['forest caFile is a directory', 'check', { forests: [forest({ caFile: A_DIR })] }, new RegExp(`forest contoso\\.test: cannot read caFile ${A_DIR}: EISDIR`)],
  ['forest caFile is missing', 'check', { forests: [forest({ caFile: join(dir, 'nope.pem') })] }, /forest contoso\.test: cannot read caFile .*nope\.pem: ENOENT/],
  ['forest caFile is not PEM', 'check', { forests: [forest({ caFile: NOT_PEM })] }, /forest contoso\.test: caFile .*not-a-cert\.pem holds no PEM certificate/],
  ['passwordFile is a directory', 'check', { forests: [forest({ bindDn: 'a@b.c', passwordFile: A_DIR })] }, /forest contoso\.test: cannot read passwordFile .*a-directory: EISDIR/],
  ['network.caFile is a directory', 'probe', { tenant: TENANT, network: { proxies: ['direct'], caFile: A_DIR } }, /network\.caFile .*a-directory: cannot read it: EISDIR/],
  ['network.caFile is not PEM', 'probe', { tenant: TENANT, network: { proxies: ['direct'], caFile: NOT_PEM } }, /network\.caFile .*not-a-cert\.pem holds no PEM certificate/],
  ['network.winhttpProxyFile is missing', 'probe', { tenant: TENANT, network: { proxies: ['direct'], winhttpProxyFile: join(dir, 'nope.txt') } }, /network\.winhttpProxyFile .*nope\.txt: cannot read it: ENOENT/],
];

