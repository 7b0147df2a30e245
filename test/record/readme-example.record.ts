/**
 * `npm run record-demo` also re-records the README's scp example from the real Samba lab: two forests,
 * fabrikam's SCP typed by hand with a lower-case prefix and another tenant id. Writes docs/examples/scp-two-forests.txt.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getForest } from '../lab/index.js';
import { setScp } from '../lab/scp.js';
import { runCli, writeTempJson } from '../support/cli.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = '9b2c3d4e-1111-2222-3333-444455556666';

describe('record the README scp example', () => {
  it('writes docs/examples/scp-two-forests.txt', async () => {
    const contoso = getForest('contoso');
    const fabrikam = getForest('fabrikam');
    await setScp(contoso, ['azureADName:contoso.com', `azureADId:${TENANT}`]);
    await setScp(fabrikam, ['azureADName:fabrikam.com', `azureadid:${OTHER_TENANT}`]);
    const forest = (f: typeof contoso) => ({ name: f.name, dnsServers: [f.ip], caFile: f.caFile, bindDn: f.bindDn, passwordEnv: `${f.netbios}_PW` });
    const config = writeTempJson('preflight.json', { tenant: { id: TENANT, name: 'contoso.com' }, forests: [forest(contoso), forest(fabrikam)] });
    const r = await runCli(['scp', '--config', config], { CONTOSO_PW: contoso.password, FABRIKAM_PW: fabrikam.password });
    expect(r.code).toBe(1);
    const text = r.stdout.replace(/\(\d+\.\d s\)/, '(0.1 s)');
    mkdirSync(new URL('../../docs/examples/', import.meta.url), { recursive: true });
    writeFileSync(new URL('../../docs/examples/scp-two-forests.txt', import.meta.url), `$ haadj-preflight scp --config preflight.json\n${text}$ echo $?\n${r.code}\n`);
  });
});
