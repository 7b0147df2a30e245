// `npm pack` / `npm publish` ship dist/: build it first, installing the build tools when this clone
// has none yet (a fresh clone where `npm ci` never ran), so a packed tarball always runs.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const sh = (cmd) => execSync(cmd, { stdio: ['ignore', 'inherit', 'inherit'] });
if (!existsSync('node_modules/typescript/bin/tsc')) {
  process.stderr.write('prepack: no node_modules yet, running npm ci first\n');
  sh('npm ci --no-audit --no-fund --ignore-scripts');
}
sh('npm run build');
