import { fileURLToPath } from 'node:url';
import { CHECKS } from '../../checks/index.js';
import { evaluate } from '../../engine/run.js';
import { renderFor, writeOutput } from '../output.js';
import { loadBundleFile } from './bundle.js';

import type { OutputOptions } from '../commands/options.js';

/** The sample bundle shipped with the package (same depth from src/ and dist/). */
export const DEMO_BUNDLE = fileURLToPath(new URL('../../../demo/sample-bundle.json', import.meta.url));

/**
 * Evaluates the bundled sample and prints the report. Exits 0 although the sample has failing checks:
 * the demo shows the tool; `evaluate` on the same file follows the normal exit codes.
 */
export async function runDemo(opts: OutputOptions): Promise<number> {
  const artifacts = await loadBundleFile(DEMO_BUNDLE);
  const report = evaluate(artifacts, CHECKS);
  const toFile = opts.output !== undefined;
  await writeOutput(renderFor(report, opts), opts.output);
  if ((opts.format ?? 'text') === 'text' || toFile) {
    process.stderr.write(
      `\nThis was the sample environment in ${DEMO_BUNDLE} (recorded in a lab; it fails on purpose, so demo exits 0).\n` +
        'Your own: `haadj-preflight init` writes a starter config, then `haadj-preflight check --config haadj-preflight.json`.\n',
    );
  }
  return 0;
}
