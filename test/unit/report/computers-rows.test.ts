import { describe, expect, it } from 'vitest';
import { judgeComputer } from '../../../src/derived/computers/judge.js';
import { CSV_COLUMNS, csvField, csvHeader, csvRow, computerRow } from '../../../src/report/computers/rows.js';
import { renderInventoryText } from '../../../src/report/computers/summary.js';
import { InventoryAggregator } from '../../../src/derived/computers/aggregate.js';
import { computersValidator } from '../../support/schema.js';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const record = { dn: 'CN==cmd|calc,OU=A\\, B,DC=x', name: '=cmd|calc', certificateCount: 0, certificates: [], operatingSystem: 'Windows 10 Pro', operatingSystemVersion: '10.0 (19045)', userAccountControl: 0x1000 };
const v = judgeComputer(record, { forest: 'x', domain: 'x', nowMs: NOW, staleDays: 90 });

describe('computer rows', () => {
  it('csv: one line per computer with every column; formulas and control characters defused', () => {
    expect(csvHeader().split(',')).toHaveLength(CSV_COLUMNS.length);
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    expect(csvField('a\u001b[2Jb')).toBe('a[2Jb');
    const line = csvRow(v);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(line.split('\r\n')).toHaveLength(2);
    expect(line).toContain(",'=cmd|calc,");
  });
  it('json: cloud is null when not queried, not-found when queried without a device', () => {
    expect(computerRow(v)['cloud']).toBeNull();
    expect(computerRow(judgeComputer(record, { forest: 'x', domain: 'x', nowMs: NOW, staleDays: 90 }, null))['cloud']).toEqual({ state: 'not-found' });
  });
  it('text: values from AD cannot move the cursor', () => {
    const agg = new InventoryAggregator();
    const evil = judgeComputer({ ...record, dn: 'CN=PC,OU=\u001b[2J,DC=x' }, { forest: 'x', domain: 'x', nowMs: NOW, staleDays: 90 });
    agg.add(evil);
    const text = renderInventoryText({ summary: agg.summary(), attention: [evil], attentionOmitted: 0, errors: [] });
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\u001b[2J');
  });
  it('a document of rows and summary matches schema/computers.schema.json', () => {
    const agg = new InventoryAggregator();
    agg.add(v);
    const doc = { schemaVersion: 1, tool: { name: 'haadj-preflight', version: '0' }, collectedAt: new Date(NOW).toISOString(), computers: [computerRow(v)], summary: { ...agg.summary(), cloud: null }, errors: [] };
    const validate = computersValidator();
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, computers: [{ ...computerRow(v), verdict: 'maybe' }] })).toBe(false);
  });
});
