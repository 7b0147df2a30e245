import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFleet, buildSummary } from '../../../src/cli/actions/dsregcmd-summarize.js';
import { MAX_INPUT_BYTES } from '../../../src/cli/actions/dsregcmd-input.js';
import { loadEnvironment } from '../../../src/cli/actions/fleet-environment.js';
import { unfoldCapture, EXPORT_FIELD_LIMIT } from '../../../src/derived/dsregcmd/unfold.js';
import { parseDsregcmdStatus } from '../../../src/derived/dsregcmd/parse.js';
import { deviceRows } from '../../../src/engine/fleet-summary.js';
import { csvCell, renderFleetCsv } from '../../../src/report/fleet-csv.js';
import { FLEET_REPORTERS } from '../../../src/report/fleet.js';
import { UserError } from '../../../src/util/errors.js';
import { buildZip } from '../../support/zip-build.js';
import { capture } from './fleet-samples.js';

const utf16 = (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t.replace(/\n/g, '\r\n'), 'utf16le')]);
/** As a remediation script's output sits in an Intune export: one line, cut at 2,048 characters. */
const folded = (t: string) => t.replace(/\r?\n/g, ' ').slice(0, EXPORT_FIELD_LIMIT);

describe('folded, cut export text', () => {
  it('puts the lines back and parses what is there', () => {
    const full = capture({ host: 'pc-9', domain: 'contoso.com', day: 3 });
    const flat = full.replace(/\n/g, ' ');
    const u = unfoldCapture(flat);
    expect(u.cut).toBe(flat.length >= EXPORT_FIELD_LIMIT);
    const s = parseDsregcmdStatus(unfoldCapture(flat.slice(0, 100_000)).text);
    expect(s).toMatchObject({ joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d', deviceName: 'pc-9.contoso.com' });
  });

  it('drops the half-printed last field of a cut text instead of misreading it', () => {
    const full = capture({ host: 'pc-9', domain: 'contoso.com', day: 3 });
    const at = full.indexOf('0x801c001d') + 6; // "Client ErrorCode : 0x801c" — cut inside the code
    const cutText = full.replace(/\n/g, ' ').slice(0, at).padEnd(EXPORT_FIELD_LIMIT, ' ');
    const u = unfoldCapture(cutText);
    expect(u.cut).toBe(true);
    const s = parseDsregcmdStatus(u.text);
    expect(s.clientErrorCode).toBeNull();
    expect(s.errorPhase).toBe('discover');
    expect(s.sections['Device State']?.['AzureAdJoined']).toBe(false);
  });
});

describe('summarize inputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'haadj-fleet-'));
    const caps = join(dir, 'caps');
    mkdirSync(caps);
    writeFileSync(join(caps, 'pc-1_2026-11-01.txt'), utf16(capture({ host: 'pc-1', domain: 'contoso.com', day: 1 })));
    writeFileSync(join(caps, 'pc-1_2026-11-02.txt'), capture({ host: 'pc-1', domain: 'contoso.com', day: 2, state: 'joined' }));
    writeFileSync(join(caps, 'pc-2.txt'), capture({ host: 'pc-2', domain: 'fabrikam.com', day: 1, state: 'timeout' }));
    writeFileSync(join(caps, 'notes.txt'), 'shopping list: milk, eggs\n');
    writeFileSync(join(caps, 'huge.log'), Buffer.alloc(MAX_INPUT_BYTES + 1, 0x41));
    writeFileSync(join(caps, '.hidden'), 'ignored');
    mkdirSync(join(caps, 'subdir'));
    writeFileSync(join(dir, 'caps.zip'), buildZip([
      { name: 'zip/pc-3.txt', data: utf16(capture({ host: 'pc-3', domain: 'contoso.com', day: 1 })) },
      { name: 'zip/readme.md', data: Buffer.from('# not a capture') },
      { name: 'zip/', data: Buffer.alloc(0) },
    ]));
    writeFileSync(join(dir, 'bomb.zip'), buildZip([{ name: 'big.txt', data: Buffer.alloc(MAX_INPUT_BYTES + 10, 0x20) }]));
    const rows = [
      ['Device name', 'UPN', 'Pre-remediation detection output'],
      ['PC-4', 'u@contoso.com', folded(capture({ host: 'pc-4', domain: 'contoso.com', day: 1 }))],
      ['=HYPERLINK("x")', '', folded(capture({ host: 'evil', domain: 'contoso.com', day: 1 }).replace('evil.contoso.com', '=cmd|x.contoso.com'))],
      ['PC-5', '', 'Script failed'],
    ];
    writeFileSync(join(dir, 'export.csv'), `${rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\r\n')}\r\n`);
    writeFileSync(join(dir, 'broken.zip'), 'PK not really');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a folder (UTF-16 and UTF-8), a zip and a CSV export; bad inputs are counted and listed', async () => {
    const s = await buildSummary([join(dir, 'caps'), join(dir, 'caps.zip'), join(dir, 'export.csv'), join(dir, 'bomb.zip'), join(dir, 'broken.zip'), join(dir, 'missing')]);
    expect(s.devices).toBe(5);
    expect(s.captures).toMatchObject({ used: 6, duplicates: 1, cut: 2, foreign: 3 });
    expect(s.byJoinState['hybrid-joined']?.devices).toEqual(['pc-1.contoso.com']);
    expect(s.unreadable.map((u) => u.source.replace(dir, '')).sort()).toEqual(['/bomb.zip!big.txt', '/broken.zip', '/caps/huge.log', '/missing'].sort());
    expect(s.foreign.map((u) => u.source.replace(dir, ''))).toEqual(['/caps.zip!zip/readme.md', '/caps/notes.txt', '/export.csv#4']);
  });

  it('a row cut before its diagnostics is never counted as "no error"', async () => {
    const full = capture({ host: 'pc-7', domain: 'contoso.com', day: 1 }).replace(/\n/g, ' ');
    const at = full.indexOf('Client Time');
    writeFileSync(join(dir, 'cut.csv'), `Device name,Output\r\nPC-7,"${full.slice(0, at).padEnd(EXPORT_FIELD_LIMIT, ' ')}"\r\n`);
    const s = await buildSummary([join(dir, 'cut.csv')]);
    expect(s.captures.cut).toBe(1);
    expect(Object.keys(s.byClientErrorCode)).toEqual(['unknown (cut)']);
    expect(s.errorGroups[0]).toMatchObject({ code: 'unknown (cut)', count: 1 });
  });

  it('csv: one row per device, formula-looking cells defused', async () => {
    const fleet = await buildFleet([join(dir, 'export.csv')]);
    const csv = renderFleetCsv(deviceRows(fleet, null));
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('name,domain,forest,join_state,error_phase,client_error_code,codes,system_proxy,last_capture,captures,source,cut');
    expect(lines).toHaveLength(3);
    expect(csv).toContain("\"'=cmd|x.contoso.com\"");
    expect(csv).not.toMatch(/(^|,)=/m);
    expect(csvCell('-1+2')).toBe("\"'-1+2\"");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
  });

  it('html and markdown escape device names', async () => {
    const fleet = await buildFleet([join(dir, 'caps')]);
    fleet.add(fleetCapture('<img src=x onerror=alert(1)>|x'));
    const { summarizeFleet } = await import('../../../src/engine/fleet-summary.js');
    const s = summarizeFleet(fleet, null);
    const html = FLEET_REPORTERS.html(s, () => deviceRows(fleet, null));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).toContain('<svg role="img"');
    const md = FLEET_REPORTERS.markdown(s, () => deviceRows(fleet, null));
    expect(md).toContain('\\<img src=x onerror=alert\\(1\\)\\>\\|x');
  });

  it('loads a saved report and a bundle (evaluated by the engine) as the environment', async () => {
    const bundle = await loadEnvironment('demo/sample-bundle.json');
    expect(bundle.forests).toEqual([{ name: 'contoso.com', domains: ['contoso.com'] }, { name: 'fabrikam.com', domains: ['fabrikam.com'] }]);
    expect(bundle.findings.some((f) => f.check === 'scp-keywords' && f.status === 'fail' && f.forest === 'fabrikam.com')).toBe(true);
    const report = await loadEnvironment('test/golden/demo.report.json');
    expect(report.forests.map((f) => f.name)).toEqual(['contoso.com', 'fabrikam.com']);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ schemaVersion: 1, findings: [{ check: 'x', status: 'maybe' }] }));
    await expect(loadEnvironment(join(dir, 'bad.json'))).rejects.toThrow(UserError);
    await expect(loadEnvironment(join(dir, 'nope.json'))).rejects.toThrow(/cannot read report/);
  });
});

function fleetCapture(name: string) {
  return {
    deviceId: null, host: 'evil', name, dnsDomain: 'contoso.com', netbios: 'CONTOSO', joinState: 'domain-joined' as const, errorPhase: 'discover' as const,
    clientErrorCode: '0x801c001d', codePair: '0x801c001d', clientTime: 1, fileTime: 1, source: 'x.txt', proxy: null, cut: false, errorKnown: true,
  };
}
