/**
 * `computers` with both halves: real Samba computer objects (test/lab/computers.ts) and the Graph
 * stand-in holding device objects whose deviceId is their objectGUID, one per cloud state, plus a hybrid
 * device no AD computer claims (missing in AD). A 429 is retried after its Retry-After, a list that
 * cannot be read is said per computer (never "not found"), a wrong secret is one line and exit 2, and
 * the secret appears in no output or file.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLabComputers, labInventoryForest, removeLabComputers } from '../lab/computers.js';
import { LAB_CLIENT_ID, LAB_TENANT_ID, startGraphStandIn, type GraphStandIn, type LabDevice } from '../lab/graph/server.js';
import { getForest } from '../lab/index.js';
import { runCli, writeTempJson, type CliResult } from '../support/cli.js';
import { computersValidator } from '../support/schema.js';

const TENANT = LAB_TENANT_ID;
const CLIENT = LAB_CLIENT_ID;
const SECRET = 'Qz4~Distinctive.Inventory-Secret_5127';
const WRONG = 'Wrong~Inventory.Secret-8802';
const ORPHAN = '0b5e0000-0000-4000-8000-00000000beef';
const fabrikam = getForest('fabrikam');

interface Row { name: string; verdict: string; reasons: string[]; cloud: null | { state: string; detail?: string }; notes: string[] }
interface CloudSummary { queried: boolean; error: null | { stage: string; code: string }; hybrid: number; joined: number; pending: number; disabled: number; notCompliant: number; missingInAdCount: number | null; missingInAd: null | Array<{ deviceId: string; displayName: string }>; missingInAdNote: string | null }
interface Output { computers: Row[]; summary: { cloud: CloudSummary | null } }

let lab: GraphStandIn;
let guids: Record<string, string> = {};
const dir = mkdtempSync(join(tmpdir(), 'haadj-invcloud-'));
const outputs: CliResult[] = [];
const env = (secret = SECRET) => ({ FABRIKAM_PW: fabrikam.password, GRAPH_SECRET: secret });

function config(inventory: Record<string, unknown> = {}): string {
  return writeTempJson('preflight.json', {
    tenant: { id: TENANT },
    forests: [labInventoryForest(fabrikam, 'FABRIKAM_PW')],
    inventory: { staleDays: 90, pageSize: 5, ...inventory },
    cloud: { clientId: CLIENT, clientSecretEnv: 'GRAPH_SECRET', authority: lab.origin, graphEndpoint: lab.origin, caFile: lab.caFile, timeoutMs: 5000 },
  });
}

async function computers(args: string[], secret = SECRET): Promise<CliResult> {
  const r = await runCli(['computers', ...args], env(secret));
  outputs.push(r);
  return r;
}

async function json(args: string[]): Promise<{ code: number; out: Output }> {
  const r = await computers([...args, '--format', 'json']);
  try {
    return { code: r.code, out: JSON.parse(r.stdout) as Output };
  } catch {
    throw new Error(`no JSON (exit ${r.code}): ${r.stderr}`);
  }
}

const row = (o: Output, name: string) => o.computers.find((c) => c.name === name) as Row;

describe('computers with the cloud half', () => {
  beforeAll(async () => {
    guids = await createLabComputers(fabrikam);
    const devices: LabDevice[] = [
      { deviceId: guids['WS-VALID'] as string, displayName: 'WS-VALID', x509: true },
      { deviceId: guids['WS-WIN11'] as string, displayName: 'WS-WIN11', x509: false },
      { deviceId: (guids['SRV-2019'] as string).toUpperCase(), displayName: 'SRV-2019', x509: true, accountEnabled: false },
      { deviceId: guids['WS-MIXED'] as string, displayName: 'WS-MIXED', x509: true, isCompliant: false, isManaged: true },
      { deviceId: ORPHAN, displayName: 'WS-GONE', x509: true, approximateLastSignInDateTime: '2026-06-01T08:00:00Z' },
    ];
    lab = await startGraphStandIn({ tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET, devices });
  });
  afterAll(async () => {
    await lab?.stop();
    await removeLabComputers(fabrikam);
  });

  it('each computer gets its cloud state and one verdict; missing in AD is listed; a 429 is retried after Retry-After', async () => {
    lab.throttleOnce('/v1.0/devices', '1');
    const r = await computers(['--config', config(), '--format', 'json', '--output', join(dir, 'computers.json')]);
    expect(r.code, r.stderr).toBe(1);
    const saved = JSON.parse(readFileSync(join(dir, 'computers.json'), 'utf8')) as Output;
    const validate = computersValidator();
    expect(validate(saved), JSON.stringify(validate.errors)).toBe(true);
    expect({ verdict: row(saved, 'WS-VALID').verdict, cloud: row(saved, 'WS-VALID').cloud?.state }).toEqual({ verdict: 'joined', cloud: 'joined' });
    expect({ verdict: row(saved, 'WS-WIN11').verdict, cloud: row(saved, 'WS-WIN11').cloud?.state }).toEqual({ verdict: 'pending', cloud: 'pending' });
    expect(row(saved, 'SRV-2019')).toMatchObject({ verdict: 'blocked', reasons: ['cloud-device-disabled'], cloud: { state: 'disabled' } });
    expect(row(saved, 'WS-MIXED')).toMatchObject({ verdict: 'joined', cloud: { state: 'not-compliant' } });
    expect(row(saved, 'WS-NOCERT')).toMatchObject({ verdict: 'not-started', cloud: { state: 'not-found' } });
    expect(saved.summary.cloud).toMatchObject({ queried: true, error: null, hybrid: 5, joined: 2, pending: 1, disabled: 1, notCompliant: 1, missingInAdCount: 1, missingInAd: [{ deviceId: ORPHAN, displayName: 'WS-GONE' }] });
    const pages = lab.requests.filter((r) => r.path.startsWith('/v1.0/devices'));
    const throttled = pages.findIndex((r) => r.status === 429);
    expect(throttled).toBeGreaterThanOrEqual(0);
    const retried = pages[throttled + 1];
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (pages[throttled]?.at ?? 0)).toBeGreaterThanOrEqual(1000);
  });

  it('the text summary names the cloud counts and the device missing in AD', async () => {
    const r = await computers(['--config', config()]);
    expect(r.stdout).toMatch(/Entra ID: 5 device object\(s\), 5 hybrid: 2 joined, 1 pending, 1 disabled, 1 not compliant/);
    expect(r.stdout).toMatch(new RegExp(`Missing in AD: 1 hybrid device object\\(s\\)[^\\n]*\\n {2}WS-GONE {2}deviceId ${ORPHAN}`));
    const md = await computers(['--config', config(), '--format', 'markdown']);
    expect(md.stdout).toContain('## Entra ID');
    expect(md.stdout).toContain('WS-GONE');
  });

  it('missing in AD is not judged when the inventory does not cover the forest', async () => {
    const { out } = await json(['--config', config({ domains: ['elsewhere.invalid'] })]);
    expect(out.summary.cloud).toMatchObject({ missingInAd: null, missingInAdCount: null, missingInAdNote: expect.stringMatching(/not judged: .*inventory\.domains left out/) });
  });

  it('a device list that cannot be read is said per computer (never not-found), named in the summary, exit 1', async () => {
    lab.throttleOnce('/v1.0/devices', '120');
    const { code, out } = await json(['--config', config()]);
    expect(code).toBe(1);
    expect(out.summary.cloud).toMatchObject({ queried: true, error: { stage: 'throttled', code: 'HTTP_429' }, missingInAd: null });
    for (const c of out.computers) expect(c.cloud?.state, c.name).toBe('not-read');
    expect(row(out, 'WS-VALID').verdict).toBe('ready');
    expect(row(out, 'WS-VALID').notes.join(' ')).toMatch(/cloud: not read \(throttled HTTP_429/);
  });

  it('computers --bundle judges a bundle gathered with the cloud part alike', async () => {
    const bundle = join(dir, 'bundle.json');
    const g = await runCli(['gather', '--config', config({ enabled: true }), '--output', bundle], env());
    outputs.push(g);
    expect(g.code, g.stderr).toBe(0);
    const live = (await json(['--config', config()])).out;
    const replay = (await json(['--bundle', bundle])).out;
    const verdicts = (o: Output) => Object.fromEntries(o.computers.map((c) => [c.name, `${c.verdict} ${c.cloud?.state ?? 'null'}`]));
    expect(verdicts(replay)).toEqual(verdicts(live));
    expect(replay.summary.cloud?.missingInAd).toEqual(live.summary.cloud?.missingInAd);
  });

  it('a wrong secret is one line and exit 2', async () => {
    const r = await computers(['--config', config(), '--format', 'json'], WRONG);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cloud: sign-in of app .* failed: AADSTS7000215/);
  });

  it('the secrets appear in no output or file', () => {
    const files = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const all = [...outputs.flatMap((o) => [o.stdout, o.stderr]), ...files].join('\n');
    expect(outputs.length).toBeGreaterThan(5);
    for (const secret of [SECRET, WRONG, encodeURIComponent(SECRET), encodeURIComponent(WRONG), fabrikam.password]) expect(all).not.toContain(secret);
  });
});
