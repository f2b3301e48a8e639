import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // aws-cdk-lib takes about a second to load; sharing it across files makes the suite several times faster.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
