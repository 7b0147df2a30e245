// Regenerates the "Codes." block of every docs/checks/<id>.md from the check's meta.codes (the one
// place that links checks and codes). Run after `npx tsc -p tsconfig.build.json`:
//   node scripts/gen-check-docs.mjs          (write the pages)
//   node scripts/gen-check-docs.mjs --check  (exit 1 if a page is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../dist/checks/index.js';
import { lookupCode } from '../dist/codes/lookup.js';
import { renderCheckCodes, withCheckCodes } from '../dist/codes/markdown.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stale = [];
for (const check of CHECKS) {
  const file = join(root, 'docs', 'checks', `${check.meta.id}.md`);
  const page = readFileSync(file, 'utf8');
  const next = withCheckCodes(page, renderCheckCodes(check.meta.codes, lookupCode));
  if (next === page) continue;
  stale.push(check.meta.id);
  if (!process.argv.includes('--check')) writeFileSync(file, next);
}
if (process.argv.includes('--check') && stale.length > 0) {
  console.error(`docs/checks out of date: ${stale.join(', ')}; run node scripts/gen-check-docs.mjs`);
  process.exit(1);
}
console.log(stale.length ? `updated ${stale.length} check pages` : 'check pages are up to date');
