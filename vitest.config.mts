import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // aws-cdk-lib takes about a second to load; sharing it across files makes the suite several times faster.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/**/*.moto.test.ts'] },
      },
      {
        // Integration tests against one moto server: its state is global, so these files run one at a time.
        extends: true,
        test: {
          name: 'moto',
          include: ['test/**/*.moto.test.ts'],
          globalSetup: ['test/support/global-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
