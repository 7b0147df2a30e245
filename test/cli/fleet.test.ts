/** `dsregcmd summarize` as a user runs it: the built CLI over a folder of captures, with a saved report. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { capture } from '../unit/dsregcmd/fleet-samples.js';

describe('dsregcmd summarize (CLI)', () => {
  let dir: string;
  let caps: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'haadj-fleet-cli-'));
    caps = join(dir, 'caps');
    mkdirSync(caps);
    // 450 captures: 150 devices of fabrikam.com (SCP keywords fail in the demo bundle) on three days, newest joined for a third
    for (let i = 0; i < 150; i++) {
      for (const day of [1, 2, 3]) {
        const joined = day === 3 && i % 3 === 0;
        writeFileSync(join(caps, `fab-${i}_2026-11-0${day}.txt`), capture({ host: `fab-${i}`, domain: 'fabrikam.com', day, state: joined ? 'joined' : 'scp' }));
      }
    }
    writeFileSync(join(caps, 'con-1.txt'), capture({ host: 'con-1', domain: 'contoso.com', day: 1 }));
    // what any thread may be handed: a file that is not a capture, and a link to nothing
    writeFileSync(join(caps, 'readme.txt'), 'collected by the startup script\n');
    symlinkSync(join(dir, 'gone.txt'), join(caps, 'gone.txt'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('groups the fabrikam.com devices with 0x801c001d under the failing SCP finding of the bundle', async () => {
    const r = await runCli(['dsregcmd', 'summarize', caps, '--report', 'demo/sample-bundle.json', '--format', 'json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ devices: 151, captures: { total: 453, used: 451, duplicates: 300, unreadable: 1, foreign: 1 }, history: { devicesWithHistory: 150, improved: 50, regressed: 0 } });
    const fab = s.errorGroups.find((g: { forest: string }) => g.forest === 'fabrikam.com');
    expect(fab).toMatchObject({ code: '0x801c001d', count: 100 });
    expect(fab.explainedBy.map((e: { check: string }) => e.check)).toEqual(['scp-keywords']);
    const con = s.errorGroups.find((g: { forest: string }) => g.forest === 'contoso.com');
    expect(con).toMatchObject({ count: 1, explainedBy: [] });
  });

  it('gives the same summary whichever threads parse, and writes csv/html to a file', async () => {
    const a = await runCli(['dsregcmd', 'summarize', caps, '--format', 'json'], { HAADJ_FLEET_WORKERS: '0' });
    // one or three parse workers beside the host worker
    for (const threads of ['1', '3']) {
      const b = await runCli(['dsregcmd', 'summarize', caps, '--format', 'json'], { HAADJ_FLEET_WORKERS: threads });
      expect(b.code).toBe(0);
      expect(b.stdout).toBe(a.stdout);
    }
    expect(JSON.parse(a.stdout).captures).toMatchObject({ unreadable: 1, foreign: 1 });
    const csv = join(dir, 'devices.csv');
    expect((await runCli(['dsregcmd', 'summarize', caps, '--format', 'csv', '-o', csv])).code).toBe(0);
    expect(readFileSync(csv, 'utf8').trimEnd().split('\r\n')).toHaveLength(152);
    const html = await runCli(['dsregcmd', 'summarize', caps, '--report', 'test/golden/demo.report.json', '--format', 'html']);
    expect(html.stdout).toContain('<svg role="img" aria-label="Devices by join state"');
    expect(html.stdout).toContain('scp-keywords');
  });

  it('usage problems are one line and exit 2', async () => {
    const missing = await runCli(['dsregcmd', 'summarize', join(dir, 'nothing-here')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nothing to summarize/);
    writeFileSync(join(dir, 'bad.json'), '{"schemaVersion": 2}');
    const bad = await runCli(['dsregcmd', 'summarize', caps, '--report', join(dir, 'bad.json')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
