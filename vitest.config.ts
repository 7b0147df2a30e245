import { defineConfig } from 'vitest/config';

/**
 * Two projects: unit (pure code, and the built CLI where no lab is needed) and integration (the
 * real lab: two Samba AD forests from test/lab/global-setup.ts, and squid/dnsmasq/HTTPS endpoints
 * from test/lab/network/global-setup.ts). A lab that cannot start throws and fails the run.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 180_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', globalSetup: ['test/support/run-tmpdir.ts'], include: ['test/**/*.test.ts'], exclude: ['test/integration/**', '**/node_modules/**'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/run-tmpdir.ts', 'test/lab/global-setup.ts', 'test/lab/network/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
        },
      },
    ],
  },
});
