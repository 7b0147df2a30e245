/**
 * `fix` against the real Samba lab, as an administrator runs it: the plan for a forest without the
 * container, without the SCP, with bad keywords and with a deny-read ACE; the LDIF applied with
 * ldapmodify; --apply --yes with its backup and --undo back to the byte; a read-only account that
 * fails at the first write; a healthy forest; the replication follow-up on contoso's two DCs.
 * Every forest state this file sets is removed again in afterAll.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Attribute, NoSuchObjectError } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import {
  deleteScp, deleteScpContainer, denyReadToAuthenticatedUsers, ensureScpContainer, getForest, readScpKeywords,
  readSecurityDescriptor, restoreDefaultScpAcl, scpContainerDn, setScp, withAdmin, type LabForest,
} from '../lab/index.js';
import { runCli, writeTempJson } from '../support/cli.js';

const run = promisify(execFile);
const BIN = new URL('../../bin/haadj-preflight.js', import.meta.url).pathname;

/** A shell command line with the lab passwords in its environment (bounded); resolves with its status and output. */
function pty(line: string, onOutput: (seen: string, stdin: NodeJS.WritableStream) => void): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--norc', '--noprofile', '-c', line], { env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onOutput(stdout, child.stdin);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout });
    });
  });
}
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER = '9b2c3d4e-1111-2222-3333-444455556666';
const fabrikam = getForest('fabrikam');
const contoso = getForest('contoso');
const GOOD = [`azureADId:${TENANT}`, 'azureADName:fabrikam.com'];
const RO_PASSWORD = 'Ro-Fix-Reader-2026!x';
const RO_DN = `CN=fixreader,CN=Users,${fabrikam.baseDn}`;

const forestConfig = (f: LabForest) => ({ name: f.name, dnsServers: [f.ip], caFile: f.caFile, bindDn: f.bindDn, passwordEnv: `${f.netbios}_PW`, timeoutMs: 8000 });
const env = { FABRIKAM_PW: fabrikam.password, CONTOSO_PW: contoso.password, RO_PW: RO_PASSWORD };
const config = (name = 'fabrikam.com', f = fabrikam) => writeTempJson('fix.json', { tenant: { id: TENANT, name }, forests: [forestConfig(f)] });

async function checkFindings(cfg: string, forest: string): Promise<Record<string, string>> {
  const r = await runCli(['scp', '--config', cfg, '--format', 'json'], env);
  const report = JSON.parse(r.stdout) as Report;
  return Object.fromEntries(report.findings.filter((f) => f.forest === forest && f.check.startsWith('scp-')).map((f) => [f.check, f.status]));
}

function expectScpChecksPass(findings: Record<string, string>): void {
  for (const id of ['scp-container', 'scp-present', 'scp-keywords', 'scp-read-access', 'scp-tenant-match']) expect(findings[id], id).toBe('pass');
}

/** ldapmodify from OpenLDAP, over LDAPS to the DC's loopback address, the password from a file. */
async function ldapmodify(f: LabForest, ldif: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'haadj-fix-'));
  writeFileSync(join(dir, 'plan.ldif'), ldif);
  writeFileSync(join(dir, 'pw'), f.password, { mode: 0o600 });
  // The lab certificate names the DC, not its address: the test tool accepts it (our own code always verifies).
  await run('ldapmodify', ['-H', `ldaps://${f.ip}`, '-x', '-D', f.bindDn, '-y', join(dir, 'pw'), '-f', join(dir, 'plan.ldif')], { env: { ...process.env, LDAPTLS_REQCERT: 'allow', LDAPTLS_CACERT: f.caFile }, timeout: 30_000 });
}

async function applyYes(cfg: string, extra: string[] = []) {
  const backupDir = mkdtempSync(join(tmpdir(), 'haadj-fix-backup-'));
  const r = await runCli(['fix', '--config', cfg, '--apply', '--yes', '--backup-dir', backupDir, ...extra], env);
  const files = readdirSync(backupDir).map((n) => join(backupDir, n));
  return { ...r, backupDir, files };
}

const state = async (f: LabForest) => ({ keywords: await readScpKeywords(f), sd: await readSecurityDescriptor(f).catch((e: unknown) => (e instanceof NoSuchObjectError ? undefined : Promise.reject(e))) });

describe('fix against the lab', () => {
  beforeAll(async () => {
    await withAdmin(fabrikam, async (c) => {
      await c.del(RO_DN).catch(() => undefined);
      await c.add(RO_DN, [
        new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
        new Attribute({ type: 'sAMAccountName', values: ['fixreader'] }),
        new Attribute({ type: 'userPrincipalName', values: ['fixreader@fabrikam.test'] }),
        new Attribute({ type: 'unicodePwd', values: [Buffer.from(`"${RO_PASSWORD}"`, 'utf16le')] }),
        new Attribute({ type: 'userAccountControl', values: ['512'] }),
      ]);
    });
  });

  afterAll(async () => {
    await withAdmin(fabrikam, (c) => c.del(RO_DN)).catch(() => undefined);
    for (const f of [fabrikam, contoso]) await deleteScpContainer(f);
  });

  it('no container: the plan names both creations; its LDIF applied with ldapmodify makes check pass', async () => {
    await deleteScpContainer(fabrikam);
    const cfg = config();
    const plan = await runCli(['fix', '--config', cfg], env);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).toMatch(/Create the Device Registration Configuration container/);
    expect(plan.stdout).toMatch(/Create the SCP/);
    expect(plan.stdout).toMatch(/fixes:\s+scp-container \(fail\)/);
    const ldif = await runCli(['fix', '--config', cfg, '--format', 'ldif'], env);
    await ldapmodify(fabrikam, ldif.stdout);
    expectScpChecksPass(await checkFindings(cfg, fabrikam.name));
    expect(await readScpKeywords(fabrikam)).toEqual(GOOD);
  });

  it('no SCP: --apply --yes creates it, leaves a 0600 backup, and --undo deletes it again', async () => {
    await ensureScpContainer(fabrikam);
    await deleteScp(fabrikam);
    const cfg = config();
    const plan = await runCli(['fix', '--config', cfg], env);
    expect(plan.stdout).toMatch(/1 step\(s\)/);
    expect(plan.stdout).not.toMatch(/Create the Device Registration Configuration container/);
    const r = await applyYes(cfg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Writes go to dc1\.fabrikam\.test, the PDC emulator/);
    expect(r.files).toHaveLength(1);
    expect(r.stderr).toContain(`backup: ${r.files[0]}`);
    expect(statSync(r.files[0] as string).mode & 0o777).toBe(0o600);
    expectScpChecksPass(await checkFindings(cfg, fabrikam.name));
    const undo = await runCli(['fix', '--config', cfg, '--undo', r.files[0] as string, '--yes'], env);
    expect(undo.code, undo.stderr).toBe(0);
    expect(await readScpKeywords(fabrikam)).toBeUndefined();
  });

  it('bad keywords (lower-case prefix, two ids, wrong tenant): apply replaces them; undo restores keywords and descriptor byte for byte', async () => {
    const bad = [`azureadid:${TENANT}`, `azureADId:${OTHER}`, 'azureADName:fabrikam.com'];
    await setScp(fabrikam, bad);
    const before = await state(fabrikam);
    const cfg = config();
    const plan = await runCli(['fix', '--config', cfg, '--format', 'json'], env);
    const steps = (JSON.parse(plan.stdout) as { forests: Array<{ steps: Array<{ kind: string; keywords?: unknown }> }> }).forests[0]?.steps;
    expect(steps?.map((s) => s.kind)).toEqual(['replace-keywords']);
    expect(steps?.[0]?.keywords).toEqual({ old: bad, new: GOOD });
    const r = await applyYes(cfg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Replace the SCP keywords/);
    expectScpChecksPass(await checkFindings(cfg, fabrikam.name));
    const undo = await runCli(['fix', '--config', cfg, '--undo', r.files[0] as string, '--yes'], env);
    expect(undo.code, undo.stderr).toBe(0);
    const after = await state(fabrikam);
    expect(after.keywords).toEqual(before.keywords);
    expect(after.sd?.equals(before.sd as Buffer)).toBe(true);
  });

  it('deny read for Authenticated Users: plan, ldapmodify, apply and undo (descriptor back byte for byte)', async () => {
    await setScp(fabrikam, GOOD);
    await denyReadToAuthenticatedUsers(fabrikam);
    const before = await state(fabrikam);
    const cfg = config();
    const plan = await runCli(['fix', '--config', cfg], env);
    expect(plan.code).toBe(1);
    expect(plan.stdout).toMatch(/Let computers read the SCP/);
    expect(plan.stdout).toMatch(/remove DENY Authenticated Users mask 0x20094/);
    const ldif = await runCli(['fix', '--config', cfg, '--format', 'ldif'], env);
    await ldapmodify(fabrikam, ldif.stdout);
    expectScpChecksPass(await checkFindings(cfg, fabrikam.name));

    await denyReadToAuthenticatedUsers(fabrikam);
    const denied = await state(fabrikam);
    expect(denied.sd?.equals(before.sd as Buffer)).toBe(true);
    const r = await applyYes(cfg);
    expect(r.code, r.stderr).toBe(0);
    expectScpChecksPass(await checkFindings(cfg, fabrikam.name));
    const undo = await runCli(['fix', '--config', cfg, '--undo', r.files[0] as string, '--yes'], env);
    expect(undo.code, undo.stderr).toBe(0);
    const after = await state(fabrikam);
    expect(after.sd?.equals(before.sd as Buffer)).toBe(true);
    expect(await readScpKeywords(fabrikam, undefined)).toEqual(before.keywords);
  });

  it('deny read that hides bad keywords: --apply fixes both in two rounds (two backups); undoing both restores the original', async () => {
    const bad = [`azureadid:${TENANT}`, 'azureADName:fabrikam.com'];
    await setScp(fabrikam, bad);
    await denyReadToAuthenticatedUsers(fabrikam);
    const before = await state(fabrikam);
    const cfg = config();
    const r = await applyYes(cfg);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/now shows the keywords the permissions hid: 1 more step/);
    expect(r.files).toHaveLength(2);
    expectScpChecksPass(await checkFindings(cfg, fabrikam.name));
    for (const file of [...r.files].sort().reverse()) {
      const undo = await runCli(['fix', '--config', cfg, '--undo', file, '--yes'], env);
      expect(undo.code, undo.stderr).toBe(0);
    }
    const after = await state(fabrikam);
    expect(after.sd?.equals(before.sd as Buffer)).toBe(true);
    await restoreDefaultScpAcl(fabrikam);
    expect(await readScpKeywords(fabrikam)).toEqual(bad);
  });

  it('a read-only account fails at the first write, changes nothing, exits 2, and its password appears nowhere', async () => {
    await deleteScpContainer(fabrikam);
    const cfg = config();
    const r = await applyYes(cfg, ['--bind-dn', 'fixreader@fabrikam.test', '--password-env', 'RO_PW']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/FAILED: Create the Device Registration Configuration container .*insufficientAccessRights/);
    expect(r.stderr).toMatch(/not done: Create the SCP/);
    expect(r.stderr).toMatch(/Nothing was changed/);
    const backups = r.files.map((p) => readFileSync(p, 'utf8')).join('');
    for (const text of [r.stdout, r.stderr, backups]) expect(text).not.toContain(RO_PASSWORD);
    await expect(withAdmin(fabrikam, (c) => c.search(scpContainerDn(fabrikam), { scope: 'base' }))).rejects.toBeInstanceOf(NoSuchObjectError);
  });

  it('a healthy forest: nothing to do, exit 0', async () => {
    await setScp(fabrikam, GOOD);
    const r = await runCli(['fix', '--config', config()], env);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Nothing to do/);
  });

  it('usage: --apply without a terminal and without --yes is exit 2', async () => {
    const r = await runCli(['fix', '--config', config(), '--apply'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/add --yes/);
  });

  it('replication follow-up: after an apply to dc1 of contoso, --verify shows dc1 has it and dc2 not yet', async () => {
    await setScp(contoso, [`azureADId:${OTHER}`, 'azureADName:contoso.com']);
    const cfg = config('contoso.com', contoso);
    const r = await applyYes(cfg, ['--dc', contoso.dcHostName]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`verified on ${contoso.dcHostName}`));
    const v = await runCli(['fix', '--config', cfg, '--verify'], env);
    expect(v.code, v.stderr).toBe(1);
    expect(v.stdout).toMatch(new RegExp(`OK\\s+contoso\\.test ${contoso.dcHostName}`));
    expect(v.stdout).toMatch(/NOT YET contoso\.test dc2\.contoso\.test: Replace the SCP keywords/);
    // The lab's DCs do not replicate: play replication by writing the same keywords to dc2.
    const fixed = await readScpKeywords(contoso, { dc: 'dc1' });
    await setScp(contoso, fixed ?? [], { dc: 'dc2' });
    const v2 = await runCli(['fix', '--config', cfg, '--verify', '--format', 'json'], env);
    expect(v2.code, v2.stdout).toBe(0);
    expect((JSON.parse(v2.stdout) as { complete: boolean; dcs: Array<{ state: string }> }).dcs.map((d) => d.state)).toEqual(['has-the-fix', 'has-the-fix']);
  });

  it('client-side SCP forest: the plan gives the registry values as .reg and GPP XML and removes the AD keywords', async () => {
    await setScp(fabrikam, GOOD);
    const dir = mkdtempSync(join(tmpdir(), 'haadj-fix-reg-'));
    const regFile = join(dir, 'cdj.reg');
    writeFileSync(regFile, `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\CDJ\\AAD]\r\n"TenantId"="${OTHER}"\r\n"TenantName"="fabrikam.com"\r\n`);
    const cfg = writeTempJson('fix.json', { tenant: { id: TENANT, name: 'fabrikam.com' }, forests: [{ ...forestConfig(fabrikam), clientSideScp: { regFile } }] });
    const plan = await runCli(['fix', '--config', cfg], env);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).toMatch(/Deploy the client-side SCP registry values/);
    expect(plan.stdout).toMatch(/Remove the SCP keywords \(targeted rollout\)/);
    const reg = await runCli(['fix', '--config', cfg, '--format', 'reg'], env);
    expect(reg.stdout).toContain(`"TenantId"="${TENANT}"`);
    const gpp = await runCli(['fix', '--config', cfg, '--format', 'gpp-xml'], env);
    expect(gpp.stdout).toMatch(/<Properties action="U" [^>]*name="TenantName" type="REG_SZ" value="fabrikam\.com"\/>/);
  });

  it('on a terminal --apply asks; "n" changes nothing (exit 1), "y" applies (exit 0)', async () => {
    await setScp(fabrikam, [`azureADId:${OTHER}`, 'azureADName:fabrikam.com']);
    const cfg = config();
    const backupDir = mkdtempSync(join(tmpdir(), 'haadj-fix-pty-'));
    for (const [answer, code] of [['n', 1], ['y', 0]] as const) {
      const inner = `stty cols 200 rows 30; ${process.execPath} ${BIN} fix --config ${cfg} --apply --backup-dir ${backupDir} > ${join(backupDir, 'out.txt')}`;
      let sent = false;
      const r = await pty(`script -qefc '${inner}' /dev/null`, (seen, stdin) => {
        if (!sent && seen.includes('[y/N]')) {
          sent = true;
          setTimeout(() => stdin.write(`${answer}\r`), 200);
        }
      });
      expect(sent).toBe(true);
      expect(r.code, r.stdout).toBe(code);
      expect(await readScpKeywords(fabrikam)).toEqual(answer === 'n' ? [`azureADId:${OTHER}`, 'azureADName:fabrikam.com'] : GOOD);
    }
  });
});
