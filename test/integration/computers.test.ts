/**
 * The computer inventory against real Samba computer objects (test/lab/computers.ts): every
 * certificate / OS / scope / disabled / stale case, per-OU counts, csv rows, the out-of-scope OU,
 * through the built CLI.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/engine/report.js';
import { ExtendedDnControl } from '../../src/gather/ldap/extended-dn-control.js';
import { LAB_COMPUTERS, computerDn, createLabComputers, inventoryOuDn, labSyncScope, removeLabComputers } from '../lab/computers.js';
import { getForest, withAdmin } from '../lab/index.js';
import { runCli, writeTempJson } from '../support/cli.js';
import { computersValidator } from '../support/schema.js';

const fabrikam = getForest('fabrikam');
const env = { FABRIKAM_PW: fabrikam.password };

interface Row { name: string; dn: string; ou: string; objectGuid: string; verdict: string; reasons: string[]; codes: string[]; syncScope: string; certificate: { status: string; values: number }; notes: string[] }
interface Output { schemaVersion: number; computers: Row[]; summary: { total: number; byVerdict: Record<string, number>; forests: Array<{ forest: string; ous: Array<{ ou: string; total: number; byVerdict: Record<string, number>; syncScope: string }> }> }; errors: unknown[] }

function config(over: Record<string, unknown> = {}) {
  return writeTempJson('preflight.json', {
    forests: [{ name: fabrikam.name, dnsServers: [fabrikam.ip], caFile: fabrikam.caFile, bindDn: fabrikam.bindDn, passwordEnv: 'FABRIKAM_PW', timeoutMs: 8000, syncScope: labSyncScope(fabrikam), ...over }],
    inventory: { staleDays: 90, pageSize: 5 },
  });
}

let guids: Record<string, string> = {};
let output: Output;
let exitCode: number;

describe('computers against the Samba lab', () => {
  beforeAll(async () => {
    guids = await createLabComputers(fabrikam);
    const result = await runCli(['computers', '--config', config(), '--format', 'json'], env);
    exitCode = result.code;
    try {
      output = JSON.parse(result.stdout) as Output;
    } catch {
      throw new Error(`no JSON (exit ${result.code}): ${result.stderr}\n${result.stdout.slice(0, 2000)}`);
    }
  });
  afterAll(async () => {
    await removeLabComputers(fabrikam);
  });

  it('reads every lab computer once, paged, and exits 1 because some are blocked; the JSON matches its published schema', () => {
    const validate = computersValidator();
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
    expect(output.errors).toEqual([]);
    for (const spec of LAB_COMPUTERS) expect(output.computers.filter((c) => c.name === spec.name)).toHaveLength(1);
    expect(output.summary.total).toBe(output.computers.length);
    expect(exitCode).toBe(1);
  });

  it.each(LAB_COMPUTERS.map((c) => [c.name, c] as const))('%s gets its verdict and reasons', (_name, spec) => {
    const row = output.computers.find((c) => c.name === spec.name) as Row;
    expect({ verdict: row.verdict, reasons: row.reasons }).toEqual(spec.expect);
    const notSynced = spec.expect.verdict === 'blocked' && spec.expect.reasons.some((r) => r.startsWith('certificate-') && r !== 'certificate-none' || r === 'out-of-sync-scope');
    expect(row.codes).toEqual(notSynced ? ['0x801c03f2'] : []);
  });

  it('converts objectGUID the way Samba prints it (extended DN)', async () => {
    const samba = await withAdmin(fabrikam, async (c) => {
      const { searchEntries } = await c.search(computerDn(fabrikam, LAB_COMPUTERS[0]!), { scope: 'base', attributes: ['1.1'] }, new ExtendedDnControl());
      return /<GUID=([0-9a-f-]{36})>/i.exec(searchEntries[0]?.dn ?? '')?.[1]?.toLowerCase();
    });
    expect(samba).toMatch(/^[0-9a-f]{8}-/);
    expect(output.computers.find((c) => c.name === LAB_COMPUTERS[0]!.name)?.objectGuid).toBe(samba);
    expect(guids[LAB_COMPUTERS[0]!.name]).toBe(samba);
  });

  it('counts per OU match the objects, and the domain controller is named as one', () => {
    const forest = output.summary.forests[0]!;
    for (const ou of [...new Set(LAB_COMPUTERS.map((c) => c.ou))]) {
      const specs = LAB_COMPUTERS.filter((c) => c.ou === ou);
      const counted = forest.ous.find((o) => o.ou.toLowerCase() === inventoryOuDn(fabrikam, ou).toLowerCase());
      expect(counted?.total).toBe(specs.length);
      for (const verdict of ['ready', 'not-started', 'blocked', 'excluded']) expect(counted?.byVerdict[verdict], `${ou} ${verdict}`).toBe(specs.filter((s) => s.expect.verdict === verdict).length);
      expect(counted?.syncScope).toBe(ou === 'NotSynced' ? 'out' : 'in');
    }
    const dc = output.computers.find((c) => c.dn.toLowerCase().includes('ou=domain controllers'));
    expect(dc?.verdict).toBe('blocked');
    expect(dc?.reasons).toContain('domain-controller');
  });

  it('csv has one row per computer; text names the OU outside the sync scope with its count', async () => {
    const csv = await runCli(['computers', '--config', config(), '--format', 'csv'], env);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^forest,domain,ou,name,/);
    expect(lines.length - 1).toBe(output.computers.length);
    for (const spec of LAB_COMPUTERS) expect(lines.filter((l) => l.includes(`,${spec.name},`))).toHaveLength(1);
    const text = await runCli(['computers', '--config', config()], env);
    expect(text.stdout).toContain(`outside the sync scope: ${inventoryOuDn(fabrikam, 'NotSynced')} (2 computer(s))`);
    expect(text.stdout).toMatch(/\[#+\.*\] \d+% ready or joined/);
    expect(text.stdout + text.stderr).not.toContain(fabrikam.password);
  });

  it('without a sync scope, scope is unknown and not judged', async () => {
    const result = await runCli(['computers', '--config', config({ syncScope: null }), '--format', 'json'], env);
    const rows = (JSON.parse(result.stdout) as Output).computers;
    const out1 = rows.find((c) => c.name === 'WS-OUT1');
    expect(out1).toMatchObject({ syncScope: 'unknown', verdict: 'ready', reasons: [] });
    expect(out1?.notes).toContain('sync scope not configured: not judged');
  });

  it('a wrong LDAP password is one line and exit 2, the password nowhere', async () => {
    const result = await runCli(['computers', '--config', config()], { FABRIKAM_PW: 'wrong-Secret-123' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/rejected the credentials/);
    expect(result.stdout + result.stderr).not.toContain('wrong-Secret-123');
  });

  it('check includes the aggregate finding; gather keeps the inventory and evaluate and computers --bundle judge it alike', async () => {
    const cfg = config();
    const check = JSON.parse((await runCli(['check', '--config', cfg, '--format', 'json'], env)).stdout) as Report;
    const finding = check.findings.find((f) => f.check === 'computer-sync-readiness' && f.forest === fabrikam.name);
    expect(finding).toMatchObject({ status: 'fail', codes: ['0x801c03f2'] });
    expect(finding?.message).toContain(`${inventoryOuDn(fabrikam, 'NotSynced')} (2)`);
    const bundle = join(mkdtempSync(join(tmpdir(), 'haadj-inv-')), 'bundle.json');
    expect((await runCli(['gather', '--config', cfg, '--output', bundle], env)).code).toBe(0);
    const saved = readFileSync(bundle, 'utf8');
    expect(saved).not.toContain(fabrikam.password);
    const inventory = (JSON.parse(saved) as { artifacts: { forests: Array<{ inventory?: { computers?: unknown[] } }> } }).artifacts.forests[0]?.inventory;
    expect(inventory?.computers).toHaveLength(output.computers.length);
    const evaluated = JSON.parse((await runCli(['evaluate', bundle, '--format', 'json'])).stdout) as Report;
    expect(evaluated.findings.find((f) => f.check === 'computer-sync-readiness')?.evidence['byVerdict']).toEqual(finding?.evidence['byVerdict']);
    const replay = JSON.parse((await runCli(['computers', '--bundle', bundle, '--format', 'json'])).stdout) as Output;
    const verdicts = (o: Output) => Object.fromEntries(o.computers.map((c) => [c.dn, [c.verdict, ...c.reasons].join(' ')]));
    expect(verdicts(replay)).toEqual(verdicts(output));
  });
});
