// Regenerates docs/codes.md from the code catalog. Run after `npx tsc -p tsconfig.build.json`:
//   node scripts/gen-codes-doc.mjs          (write the file)
//   node scripts/gen-codes-doc.mjs --check  (exit 1 if the file is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../dist/codes/catalog.js';
import { renderCodesMarkdown } from '../dist/codes/markdown.js';
import { CHECKS } from '../dist/checks/index.js';
import { verifiedByLookup } from '../dist/engine/verified-by.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'codes.md');
// "Checked by" comes from the checks' meta.codes, never from the catalog.
const text = renderCodesMarkdown(CATALOG, verifiedByLookup(CHECKS));

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    // missing counts as out of date
  }
  if (current !== text) {
    console.error('docs/codes.md is out of date: run node scripts/gen-codes-doc.mjs');
    process.exit(1);
  }
  console.log('docs/codes.md is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote docs/codes.md (${CATALOG.length} codes)`);
}
