import { describe, expect, it } from 'vitest';
import { describeCode, lookupCode, lookupName, normalizeCode, suggestNear } from '../../../src/codes/lookup.js';

function hexes(input: string): Array<string | null> {
  const r = normalizeCode(input);
  if (!r.ok) throw new Error(r.reason);
  return r.codes.map((c) => c.hex);
}

describe('normalizeCode', () => {
  it.each([
    ['0x801C001D', '0x801c001d'],
    ['0x801c001d', '0x801c001d'],
    ['801c001d', '0x801c001d'],
    ['801C001D', '0x801c001d'],
    ['-2145648611', '0x801c001d'],
    ['2149318685', '0x801c001d'],
    ['DSREG_AUTOJOIN_ADCONFIG_READ_FAILED', '0x801c001d'],
    ['dsreg_autojoin_adconfig_read_failed', '0x801c001d'],
    ['  0x801c001d  ', '0x801c001d'],
    ['0x0', '0x00000000'],
    ['0x2ee2', '0x00002ee2'],
    ['12002', '0x00002ee2'],
    ['ERROR_WINHTTP_SECURE_FAILURE', '0x80072f8f'],
  ])('reads %s', (input, hex) => {
    expect(hexes(input)).toEqual([hex]);
  });

  it('reads top/sub pairs in every spelling dsregcmd and people use', () => {
    expect(hexes('0x801c0021/0x80072ee2')).toEqual(['0x801c0021', '0x80072ee2']);
    expect(hexes('0x801C0021 / 0x80072EE2')).toEqual(['0x801c0021', '0x80072ee2']);
    expect(hexes('[0x801c0021/0x801c000c]')).toEqual(['0x801c0021', '0x801c000c']);
    expect(hexes('FAIL [0x801c0021/0x80072ee2]')).toEqual(['0x801c0021', '0x80072ee2']);
    expect(hexes('-2145648607/-2147012894')).toEqual(['0x801c0021', '0x80072ee2']);
  });

  it('reads eight digits that start with 8 as hex and says so', () => {
    const r = normalizeCode('80070002');
    expect(r.ok && r.codes[0]?.hex).toBe('0x80070002');
    expect(r.ok && r.codes[0]?.note).toMatch(/hexadecimal/);
  });

  it('returns signed and unsigned views', () => {
    const r = normalizeCode('0x801c001d');
    expect(r.ok && r.codes[0]).toMatchObject({ decimal: -2145648611, unsigned: 2149318685, via: 'hex' });
  });

  it('keeps unknown but well-formed names (hex null)', () => {
    const r = normalizeCode('DSREG_NOT_A_THING');
    expect(r.ok && r.codes[0]).toMatchObject({ hex: null, via: 'name' });
  });

  it.each(['', '   ', 'hello', '0x123456789', '4294967296', '-2147483649', 'a/b/c', '0x1/0x2/0x3', '12.5', 'FAIL []', '0x'])(
    'rejects %j',
    (input) => {
      expect(normalizeCode(input).ok).toBe(false);
    },
  );

  it('accepts the extremes of the 32-bit range', () => {
    expect(hexes('-2147483648')).toEqual(['0x80000000']);
    expect(hexes('4294967295')).toEqual(['0xffffffff']);
    expect(hexes('0xFFFFFFFF')).toEqual(['0xffffffff']);
  });
});

describe('lookupCode / lookupName / describeCode', () => {
  it('finds entries by any hex spelling', () => {
    expect(lookupCode('0x801C001D')?.name).toBe('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');
    expect(lookupCode('801c001d')?.name).toBe('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');
    expect(lookupCode('0x801c9999')).toBeUndefined();
    expect(lookupCode('not hex')).toBeUndefined();
  });

  it('finds entries by name and alias, any case', () => {
    expect(lookupName('wininet_e_timeout')?.hex).toBe('0x80072ee2');
    expect(lookupName('ERROR_WINHTTP_TIMEOUT')?.hex).toBe('0x80072ee2');
    expect(lookupName('NOPE_NOPE')).toBeUndefined();
  });

  it('describes codes in one line', () => {
    expect(describeCode('0x801c001d')).toMatch(/^DSREG_AUTOJOIN_ADCONFIG_READ_FAILED — \S/);
    expect(describeCode('0x801c0015')).toMatch(/^0x801c0015 — /);
    expect(describeCode('0x801C9999')).toBe('0x801c9999 — not in the catalog');
    for (const hex of ['0x801c001d', '0x80072ee2', '0xc000006d']) expect(describeCode(hex)).not.toContain('\n');
  });
});

describe('suggestNear', () => {
  it('finds the same WinINet number under another facility', () => {
    const near = suggestNear('0x80002ee2').map((m) => m.entry.hex);
    expect(near).toContain('0x80072ee2');
    expect(near).toContain('0xcaa82ee2');
  });

  it('maps a bare Win32/WinHTTP number to its HRESULT forms', () => {
    const near = suggestNear('12029');
    expect(near[0]?.entry.hex).toMatch(/^0x(80072efd|caa82efd)$/);
    expect(near[0]?.reason).toMatch(/wrapped/);
  });

  it('offers neighbours in the same facility first', () => {
    const near = suggestNear('0x801c0022');
    expect(near[0]?.entry.hex).toBe('0x801c0021');
    expect(near[0]?.reason).toMatch(/same facility/);
  });

  it('catches one-digit typos', () => {
    expect(suggestNear('0x801c001e').map((m) => m.entry.hex)).toEqual(expect.arrayContaining(['0x801c001d', '0x801c001f']));
    expect(suggestNear('0x811c001d').map((m) => m.entry.hex)).toContain('0x801c001d');
  });

  it('suggests similar names', () => {
    expect(suggestNear('DSREG_AUTOJOIN_DISC_FAILD')[0]?.entry.hex).toBe('0x801c0021');
    expect(suggestNear('ADCONFIG_READ').map((m) => m.entry.hex)).toContain('0x801c001d');
  });

  it('returns at most the limit, never the input itself', () => {
    expect(suggestNear('0x801c0021', 3).length).toBeLessThanOrEqual(3);
    expect(suggestNear('0x801c0021').map((m) => m.entry.hex)).not.toContain('0x801c0021');
    expect(suggestNear('').length).toBe(0);
  });
});
