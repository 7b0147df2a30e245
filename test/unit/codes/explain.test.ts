import { describe, expect, it } from 'vitest';
import { explain } from '../../../src/cli/actions/explain.js';

describe('explain action', () => {
  it('explains a known code in text (exit 0)', () => {
    const r = explain('0x801C001D', 'text');
    expect(r.exitCode).toBe(0);
    for (const part of ['0x801c001d', '-2145648611', 'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED', 'discover', 'likely causes', 'remedy', 'https://learn.microsoft.com/', 'scp-present']) {
      expect(r.output).toContain(part);
    }
  });

  it('finds the same entry from decimal, unsigned and name input', () => {
    const a = explain('0x801c001d', 'json').output;
    for (const input of ['-2145648611', '2149318685', 'dsreg_autojoin_adconfig_read_failed', '801c001d']) {
      const r = explain(input, 'json');
      expect(r.exitCode).toBe(0);
      expect(JSON.parse(r.output).results).toEqual(JSON.parse(a).results);
    }
  });

  it('shows both codes of a top/sub pair', () => {
    const r = explain('0x801c0021/0x80072ee2', 'text');
    expect(r.exitCode).toBe(0);
    expect(r.output).toMatch(/Top-level code[\s\S]*DSREG_AUTOJOIN_DISC_FAILED[\s\S]*Sub-code[\s\S]*WININET_E_TIMEOUT/);
    const j = JSON.parse(explain('0x801c0021/0x80072ee2', 'json').output);
    expect(j.results.map((x: { role: string; hex: string }) => [x.role, x.hex])).toEqual([
      ['top', '0x801c0021'],
      ['sub', '0x80072ee2'],
    ]);
  });

  it('says an unknown number is unknown, lists near matches, exit 1', () => {
    const r = explain('0x801c0022', 'text');
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('not in the catalog');
    expect(r.output).toContain('Near matches');
    expect(r.output).toContain('0x801c0021');
    const j = JSON.parse(explain('0x801c0022', 'json').output);
    expect(j.results[0]).toMatchObject({ found: false, hex: '0x801c0022', decimal: -2145648606 });
    expect(j.results[0].nearMatches[0]).toMatchObject({ hex: '0x801c0021', name: 'DSREG_AUTOJOIN_DISC_FAILED' });
  });

  it('exit 1 when one half of a pair is unknown', () => {
    expect(explain('0x801c0021/0x80079999', 'text').exitCode).toBe(1);
  });

  it('treats an unknown symbolic name as unknown (exit 1) with similar names', () => {
    const r = explain('DSREG_AUTOJOIN_DISC_FAILD', 'text');
    expect(r.exitCode).toBe(1);
    expect(r.output).toContain('DSREG_AUTOJOIN_DISC_FAILED');
  });

  it('exit 2 with a one-line error for input that is no code at all', () => {
    for (const input of ['hello', '', 'x/y/z', '0x123456789']) {
      const r = explain(input, 'text');
      expect(r.exitCode).toBe(2);
      expect(r.output).toBe('');
      expect(r.error).toMatch(/^cannot read code: /);
      expect(r.error).not.toContain('\n');
    }
  });

  it('does not echo control characters from the input', () => {
    const r = explain('BAD_\u001b[31mNAME', 'text');
    expect(r.exitCode).toBe(2);
    const r2 = explain('FOO_BAR', 'text');
    expect(r2.output).not.toContain('\u001b');
  });

  it('prints valid JSON with the catalog fields', () => {
    const j = JSON.parse(explain('0x80070002', 'json').output);
    expect(j.input).toBe('0x80070002');
    expect(j.results[0]).toMatchObject({
      found: true, hex: '0x80070002', decimal: -2147024894, unsigned: 2147942402, name: 'ERROR_FILE_NOT_FOUND', phase: 'discover',
    });
    expect(Array.isArray(j.results[0].causes)).toBe(true);
    expect(Array.isArray(j.results[0].verifiedBy)).toBe(true);
  });
});

describe('explain shows phase, area and how sure the link is', () => {
  it('prints the phase with its other phases and area', () => {
    expect(explain('0x80072ee2', 'text').output).toMatch(/phase: +discover \(also join\) · network/);
    expect(explain('0x80290407', 'text').output).toMatch(/phase: +join · tpm/);
    const j = JSON.parse(explain('0x80072ee2', 'json').output).results[0];
    expect(j).toMatchObject({ phase: 'discover', alsoIn: ['join'], area: 'network', source: 'microsoft' });
  });

  it("says when a code's link to its causes is inferred, and only then", () => {
    expect(explain('0x80072f87', 'text').output).toMatch(/inferred: no source shows/);
    expect(JSON.parse(explain('0x80072f87', 'json').output).results[0].source).toBe('inferred');
    expect(explain('0x801c0021', 'text').output).not.toMatch(/inferred/);
    expect(explain('0x80190197', 'text').output).toMatch(/field reports/);
  });
});

describe('explain covers the whole catalog', () => {
  it('every entry is found by hex, signed decimal and symbolic name, and its text names it', async () => {
    const { CATALOG } = await import('../../../src/codes/catalog.js');
    expect(CATALOG.length).toBeGreaterThan(90);
    for (const entry of CATALOG) {
      for (const input of [entry.hex, String(entry.decimal)]) {
        const r = explain(input, 'json');
        expect(r.exitCode, `${input}`).toBe(0);
        expect(JSON.parse(r.output).results[0]).toMatchObject({ found: true, hex: entry.hex });
      }
      if (entry.name) {
        // A few names stand for two severities of one code (0x8004… / 0xc004…): either entry is right.
        const r = explain(entry.name, 'json');
        expect(r.exitCode, entry.name).toBe(0);
        expect(JSON.parse(r.output).results[0]).toMatchObject({ found: true, name: entry.name });
      }
      const text = explain(entry.hex, 'text').output;
      expect(text).toContain(entry.meaning);
      expect(text).toContain(entry.remedy);
    }
  });
});
