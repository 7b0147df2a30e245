import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run record-demo` only: re-records demo/sample-bundle.json from the real labs (both Samba forests and
 * the squid/dnsmasq network lab). Its file is `*.record.ts`, so the normal unit and integration projects
 * never see it; nothing here runs in CI.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/record/**/*.record.ts'],
    globalSetup: ['test/support/run-tmpdir.ts', 'test/lab/global-setup.ts', 'test/lab/network/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
