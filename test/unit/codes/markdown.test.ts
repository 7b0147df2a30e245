import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/codes/catalog.js';
import { renderCheckCodes, renderCodesMarkdown, withCheckCodes } from '../../../src/codes/markdown.js';
import { lookupCode } from '../../../src/codes/lookup.js';
import { CHECKS } from '../../../src/checks/index.js';
import { verifiedByLookup } from '../../../src/engine/verified-by.js';

const verifiedBy = verifiedByLookup(CHECKS);

const DOC = fileURLToPath(new URL('../../../docs/codes.md', import.meta.url));

describe('docs/codes.md', () => {
  it('matches the catalog (regenerate with: npx tsc -p tsconfig.build.json && node scripts/gen-codes-doc.mjs)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderCodesMarkdown(CATALOG, verifiedBy));
  });

  it('has one section per code', () => {
    const md = renderCodesMarkdown([
      { ...CATALOG[0]!, hex: '0x00000001', name: null },
    ], verifiedBy);
    expect(md).toContain('### 0x00000001');
    expect(md).toContain('(no public symbolic name)');
    expect(md).toContain('(no check yet)');
    for (const e of CATALOG) expect(renderCodesMarkdown(CATALOG, verifiedBy)).toContain(`### ${e.hex}\n`);
  });
});

describe('docs/checks/<id>.md code lines', () => {
  it.each(CHECKS.map((c) => [c.meta.id, c] as const))('%s lists exactly its meta.codes (regenerate: node scripts/gen-check-docs.mjs)', (id, check) => {
    const page = readFileSync(fileURLToPath(new URL(`../../../docs/checks/${id}.md`, import.meta.url)), 'utf8');
    expect(page).toContain(renderCheckCodes(check.meta.codes, lookupCode));
    expect(withCheckCodes(page, renderCheckCodes(check.meta.codes, lookupCode))).toBe(page);
  });
});
