import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSummary, deviceNameFor, expandInputs } from '../../../src/cli/actions/dsregcmd-summarize.js';
import { MAX_INPUT_BYTES } from '../../../src/cli/actions/dsregcmd-input.js';
import { addErrorToSummary, addToSummary, emptySummary, finalizeSummary } from '../../../src/derived/dsregcmd/summary.js';
import { renderSummaryText } from '../../../src/derived/dsregcmd/summary-text.js';
import { loadSampleBlocks } from './samples.js';

describe('summary reducer', () => {
  it('counts by join state, error phase and client code, with device names', () => {
    let s = emptySummary();
    s = addToSummary(s, 'pc2', { joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d' });
    s = addToSummary(s, 'pc1', { joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d' });
    s = addToSummary(s, 'pc3', { joinState: 'hybrid-joined', errorPhase: null, clientErrorCode: null });
    s = addErrorToSummary(s, 'b.txt', 'permission denied');
    s = addErrorToSummary(s, 'a.txt', 'no such file');
    const f = finalizeSummary(s);
    expect(f.total).toBe(5);
    expect(f.parsed).toBe(3);
    expect(f.byJoinState).toEqual({ 'domain-joined': { count: 2, devices: ['pc1', 'pc2'] }, 'hybrid-joined': { count: 1, devices: ['pc3'] } });
    expect(Object.keys(f.byErrorPhase)).toEqual(['discover', 'none']);
    expect(f.byClientErrorCode['0x801c001d']).toEqual({ count: 2, devices: ['pc1', 'pc2'] });
    expect(f.byClientErrorCode.none).toEqual({ count: 1, devices: ['pc3'] });
    expect(f.errors.map((e) => e.file)).toEqual(['a.txt', 'b.txt']);
  });

  it('does not change the summary it is given', () => {
    const s0 = emptySummary();
    const s1 = addToSummary(s0, 'pc1', { joinState: 'workgroup', errorPhase: null, clientErrorCode: null });
    const frozen = JSON.stringify(s1);
    addToSummary(s1, 'pc2', { joinState: 'workgroup', errorPhase: null, clientErrorCode: null });
    addErrorToSummary(s1, 'x', 'y');
    finalizeSummary(s1);
    expect(JSON.stringify(s1)).toBe(frozen);
    expect(s0).toEqual(emptySummary());
  });

  it('gives the same result whatever order devices arrive in', () => {
    const items = [
      ['a', 'domain-joined', 'discover', '0x801c001d'],
      ['b', 'hybrid-joined', null, null],
      ['c', 'domain-joined', 'join', '0x801c03f2'],
      ['d', 'domain-joined', 'discover', '0x801c001d'],
    ] as const;
    const run = (order: readonly (typeof items)[number][]) =>
      finalizeSummary(order.reduce((s, [n, j, p, c]) => addToSummary(s, n, { joinState: j, errorPhase: p, clientErrorCode: c }), emptySummary()));
    expect(JSON.stringify(run([...items].reverse()))).toBe(JSON.stringify(run(items)));
  });

  it('renders text with code descriptions and sanitised names', () => {
    let s = emptySummary();
    s = addToSummary(s, 'pc\u001b[31m1', { joinState: 'domain-joined', errorPhase: 'discover', clientErrorCode: '0x801c001d' });
    const text = renderSummaryText(finalizeSummary(s));
    expect(text).toContain('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');
    expect(text).toContain('domain-joined');
    expect(text).not.toContain('\u001b');
  });

  it('shortens long device lists in text', () => {
    let s = emptySummary();
    for (let i = 0; i < 25; i++) s = addToSummary(s, `pc${String(i).padStart(2, '0')}`, { joinState: 'workgroup', errorPhase: null, clientErrorCode: null });
    expect(renderSummaryText(finalizeSummary(s))).toContain('… and 15 more');
  });
});

describe('summarize walker', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'haadj-summary-'));
    const status = loadSampleBlocks().filter((b) => b.text.includes('+-----'));
    status.forEach((b, i) => {
      const name = `dev${String(i).padStart(2, '0')}.txt`;
      // every third file as PowerShell would save it: UTF-16LE with BOM, CRLF
      const body = i % 3 === 0 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.text.replace(/\n/g, '\r\n'), 'utf16le')]) : Buffer.from(b.text);
      writeFileSync(join(dir, name), body);
    });
    writeFileSync(join(dir, '.hidden'), 'ignored');
    mkdirSync(join(dir, 'subdir'));
    writeFileSync(join(dir, 'huge.log'), Buffer.alloc(MAX_INPUT_BYTES + 1, 0x41));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names devices by Device Name, else by file name', () => {
    expect(deviceNameFor('/x/pc-01.txt', null)).toBe('pc-01');
    expect(deviceNameFor('/x/pc-01', null)).toBe('pc-01');
    expect(deviceNameFor('/x/.profile', null)).toBe('.profile');
    expect(deviceNameFor('/x/pc-01.txt', 'PC-01.contoso.com')).toBe('PC-01.contoso.com');
  });

  it('lists the regular, visible files of a directory in name order', async () => {
    const { files, errors } = await expandInputs([dir, join(dir, 'missing.txt')]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([...files.map((f) => f.slice(dir.length + 1))].sort());
    expect(files.some((f) => f.endsWith('.hidden') || f.endsWith('subdir'))).toBe(false);
    expect(errors).toEqual([{ file: join(dir, 'missing.txt'), message: 'no such file or directory' }]);
  });

  it('summarises a directory, reporting unreadable inputs instead of failing', async () => {
    const s = await buildSummary([dir, join(dir, 'missing.txt')], 3);
    expect(s.parsed).toBe(18);
    expect(s.total).toBe(20);
    expect(s.errors).toEqual([
      { file: join(dir, 'huge.log'), message: `larger than ${MAX_INPUT_BYTES} bytes` },
      { file: join(dir, 'missing.txt'), message: 'no such file or directory' },
    ]);
    expect(s.byJoinState['hybrid-joined']?.count).toBe(4);
    expect(s.byJoinState['domain-joined']?.devices).toEqual(['dev14', 'rcmlab-ws2022-s.rcmlab.local']);
    expect(s.byJoinState['entra-registered']?.devices).toEqual(['Vagabondo']);
    expect(s.byErrorPhase.discover?.count).toBe(3);
    expect(s.byClientErrorCode['0x801c001d']?.count).toBe(2);
    expect(s.byClientErrorCode['0x801c03f2']?.devices).toEqual(['dev09']);
  });

  it('is deterministic across concurrency levels', async () => {
    const a = await buildSummary([dir], 1);
    const b = await buildSummary([dir], 16);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
