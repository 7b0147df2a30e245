// Loaded with `node --import` in front of the CLI: writes the process's peak resident set size (KiB) to
// $BENCH_MAXRSS_FILE when it exits. Costs nothing measurable.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_MAXRSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS));
    } catch {
      // best effort
    }
  });
}
