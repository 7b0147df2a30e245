import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../../src/checks/index.js';
import { CATALOG } from '../../../src/codes/catalog.js';
import { CODE_AREAS, CODE_PHASES } from '../../../src/codes/types.js';
import { codeSections } from '../../../src/codes/markdown.js';

import { verifiedByLookup } from '../../../src/engine/verified-by.js';

/** Every code the facts sheet lists with a hex value (the pairs with a decimal are the ones it prints). */
const FROM_FACTS: Array<[string, number | null]> = [
  ['0x801c001d', -2145648611], ['0x801c0021', -2145648607], ['0x801c001f', -2145648609], ['0x801c003d', -2145648579],
  ['0x80072efd', -2147012867], ['0x80072ee2', -2147012894], ['0x80072f8f', -2147012721], ['0x801c003a', -2145648582],
  ['0x801c0025', -2145648603], ['0x8007000d', -2147024883], ['0x801c000c', -2145648628],
  ['0xcaa90017', -894894057], ['0xcaa9002c', -894894036], ['0xcaa90023', -894894045], ['0xcaa82ee2', -894947614],
  ['0xcaa82efe', -894947586], ['0xcaa82f8f', -894947441], ['0xcaa82efd', -894947587], ['0xcaa20003', -895352829],
  ['0xcaa90014', -894894060], ['0xcaa90006', -894894074], ['0xcaa1002d', -895418323], ['0xcaa1000e', -895418354],
  ['0xcaa9002b', null], ['0x4aa90010', null], ['0xcaa9001f', null],
  ['0x801c03f2', -2145647630], ['0x801c0002', -2145648638], ['0x801c0006', -2145648634],
  ['0x80090016', -2146893802], ['0x80290407', -2144795641], ['0x80280036', -2144862154], ['0x80090031', -2146893775],
  ['0x80072ee7', -2147012889], ['0x80072efe', -2147012866], ['0x80070005', -2147024891], ['0x8009002d', -2146893779],
  ['0x80090030', -2146893776], ['0x801c0095', -2145648491], ['0x80090311', -2146893039], ['0x80090303', -2146893053],
  ['0x8009030c', -2146893044],
  ['0x801c0001', -2145648639], ['0x801c0003', -2145648637], ['0x801c000b', -2145648629], ['0x801c000e', -2145648626],
  ['0x801c000f', -2145648625], ['0x801c0010', -2145648624], ['0x801c0011', -2145648623], ['0x801c0012', -2145648622],
  ['0x801c0013', -2145648621], ['0x801c0014', -2145648620], ['0x801c0015', -2145648619], ['0x801c0016', -2145648618],
  ['0x801c0017', null], ['0x801c0018', null], ['0x801c0019', -2145648615], ['0x801c001a', null], ['0x801c001b', -2145648613],
  ['0x801c004d', -2145648563], ['0x801c03e9', -2145647639], ['0x801c03ed', null], ['0x801c03ef', -2145647633],
  ['0x801c03f0', -2145647632], ['0x801c03f1', null], ['0x801c03f3', -2145647629], ['0x801c044c', -2145647540],
  ['0x801c044d', null], ['0x801c0451', -2145647535],
  ['0xc000006d', -1073741715], ['0xc000006a', -1073741718], ['0xc00000d0', -1073741616], ['0xc000023c', -1073741252],
  ['0xc00000be', -1073741634], ['0xc00000c4', -1073741628], ['0xc000005f', -1073741729], ['0xc004844c', -1073445812],
  ['0xc0048442', -1073445822], ['0xc00484c1', -1073445695], ['0x800484c1', null], ['0xc004848b', -1073445749],
  ['0xc004848c', -1073445748], ['0xc00cee4f', -1072894385],
  ['0x80072f0c', null], ['0x80072f19', null], ['0x80072f8a', null], ['0x80072f94', null],
  ['0x80070002', null], ['0xd0020017', -805175273],
  // Facts §6 "Missing catalog entries" [S19].
  ['0xcaa30193', null], ['0x80090029', null], ['0x80090011', null], ['0x8009000f', null], ['0x80090035', null],
];

describe('code catalog', () => {
  it('stores every decimal as the signed 32-bit value of its hex', () => {
    for (const e of CATALOG) {
      const recomputed = parseInt(e.hex.slice(2), 16) | 0;
      expect(e.decimal, e.hex).toBe(recomputed);
    }
  });

  it('writes hex as lower-case 0x + 8 digits, once per number', () => {
    const seen = new Set<string>();
    for (const e of CATALOG) {
      expect(e.hex).toMatch(/^0x[0-9a-f]{8}$/);
      expect(seen.has(e.hex), `duplicate ${e.hex}`).toBe(false);
      seen.add(e.hex);
    }
  });

  it('holds every code of the facts sheet, with the decimal the sheet prints', () => {
    for (const [hex, decimal] of FROM_FACTS) {
      const entry = CATALOG.find((e) => e.hex === hex);
      expect(entry, hex).toBeDefined();
      if (decimal !== null) expect(entry?.decimal, hex).toBe(decimal);
    }
  });

  it('has complete, well-formed entries', () => {
    for (const e of CATALOG) {
      expect(CODE_PHASES).toContain(e.phase);
      expect(e.meaning.length, e.hex).toBeGreaterThan(10);
      expect(e.remedy.length, e.hex).toBeGreaterThan(5);
      expect(e.causes.length, e.hex).toBeGreaterThan(0);
      expect(e.docUrl, e.hex).toMatch(/^https:\/\/learn\.microsoft\.com\//);
      if (e.name !== null) expect(e.name, e.hex).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
      for (const a of e.aliases ?? []) expect(a).toMatch(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/);
      expect(['microsoft', 'field', 'inferred']).toContain(e.source);
      if (e.area !== undefined) expect(CODE_AREAS).toContain(e.area);
      for (const p of e.alsoIn ?? []) expect(CODE_PHASES, e.hex).toContain(p);
    }
  });

  it('links the SCP codes to the SCP checks (derived from the checks\' meta.codes)', () => {
    const verifiedBy = verifiedByLookup(CHECKS);
    expect(verifiedBy('0x801c001d')).toEqual(expect.arrayContaining(['scp-present', 'scp-keywords']));
    expect(verifiedBy('0x80070002')).toContain('scp-present');
    expect(verifiedBy('0x801c003a')).toContain('scp-tenant-match');
  });

  it('uses only the four phases dsregcmd prints, or none (facts §6 "Error Phase values")', () => {
    expect([...CODE_PHASES]).toEqual(['pre-check', 'discover', 'auth', 'join', 'none']);
    const phase = (hex: string) => CATALOG.find((e) => e.hex === hex);
    for (const hex of ['0x80090016', '0x80290407', '0x80280036', '0x80090031']) expect(phase(hex), hex).toMatchObject({ phase: 'join', area: 'tpm' });
    for (const hex of ['0x80072ee7', '0x80072efe']) expect(phase(hex), hex).toMatchObject({ phase: 'join', area: 'network' });
    for (const hex of ['0x80072efd', '0x80072f8f']) expect(phase(hex), hex).toMatchObject({ phase: 'discover', area: 'network' });
    expect(phase('0x80072ee2')).toMatchObject({ phase: 'discover', alsoIn: ['join'], area: 'network' });
    expect(phase('0xc000006d')).toMatchObject({ phase: 'none', area: 'prt' });
    expect(phase('0x80190197')).toMatchObject({ phase: 'none', area: 'network', source: 'field' });
  });

  it('puts every entry in exactly one docs section', () => {
    const listed = codeSections(CATALOG).flatMap((s) => s.entries.map((e) => e.hex));
    expect(listed.sort()).toEqual(CATALOG.map((e) => e.hex).sort());
  });

  it('says what Microsoft says for the codes the facts review corrected', () => {
    const e = (hex: string) => CATALOG.find((x) => x.hex === hex);
    expect(e('0x80290407')?.remedy).toMatch(/^Disable the TPM/);
    expect(e('0x80290407')?.remedy).not.toMatch(/firmware/i);
    expect(e('0xcaa30193')).toMatchObject({ phase: 'auth', source: 'microsoft' });
    expect(e('0xcaa30193')?.meaning).toMatch(/403/);
    expect(e('0x80090035')?.remedy).toMatch(/TPM/);
    // Clock skew is tied to the ADAL secure failure in auth; its link to the TLS sub-code is marked as inference.
    expect(e('0xcaa82f8f')?.causes[0]).toMatch(/clock skew/i);
    expect(e('0x80072f8f')?.causes.find((c) => /clock/i.test(c))).toMatch(/^Inferred.*hours or days/);
    for (const hex of ['0x80072f86', '0x80072f87', '0x80072f0c', '0xd0020017']) expect(e(hex)?.source, hex).toBe('inferred');
  });
});
