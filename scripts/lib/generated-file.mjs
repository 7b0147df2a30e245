// One generated file, written or checked: `--check` on the command line exits 1 when the file on disk
// differs from `text` (a missing file counts as out of date); otherwise the file is written.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export function writeOrCheck(target, text, { root, script, what = '' }) {
  const name = relative(root, target);
  if (process.argv.includes('--check')) {
    let current = '';
    try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as out of date */ }
    if (current !== text) {
      console.error(`${name} is out of date: run node ${script}`);
      process.exit(1);
    }
    console.log(`${name} is up to date`);
  } else {
    writeFileSync(target, text);
    console.log(`wrote ${name}${what}`);
  }
}
