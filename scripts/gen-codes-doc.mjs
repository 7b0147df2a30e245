// Regenerates docs/codes.md from the code catalog. Run after `npx tsc -p tsconfig.build.json`:
//   node scripts/gen-codes-doc.mjs          (write the file)
//   node scripts/gen-codes-doc.mjs --check  (exit 1 if the file is out of date)
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOrCheck } from './lib/generated-file.mjs';
import { CATALOG } from '../dist/codes/catalog.js';
import { renderCodesMarkdown } from '../dist/codes/markdown.js';
import { CHECKS } from '../dist/checks/index.js';
import { verifiedByLookup } from '../dist/engine/verified-by.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'codes.md');
// "Checked by" comes from the checks' meta.codes, never from the catalog.
const text = renderCodesMarkdown(CATALOG, verifiedByLookup(CHECKS));

writeOrCheck(target, text, { root, script: 'scripts/gen-codes-doc.mjs', what: ` (${CATALOG.length} codes)` });
