import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../../src/codes/catalog.js';
import { renderCodesMarkdown } from '../../../src/codes/markdown.js';

const DOC = fileURLToPath(new URL('../../../docs/codes.md', import.meta.url));

describe('docs/codes.md', () => {
  it('matches the catalog (regenerate with: npx tsc -p tsconfig.build.json && node scripts/gen-codes-doc.mjs)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderCodesMarkdown(CATALOG));
  });

  it('has one section per code', () => {
    const md = renderCodesMarkdown([
      { ...CATALOG[0]!, hex: '0x00000001', name: null, verifiedBy: [] },
    ]);
    expect(md).toContain('### 0x00000001');
    expect(md).toContain('(no public symbolic name)');
    expect(md).toContain('(no check yet)');
    for (const e of CATALOG) expect(renderCodesMarkdown(CATALOG)).toContain(`### ${e.hex}\n`);
  });
});
