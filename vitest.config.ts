import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    pool: 'forks',
    // Most of the work is in DynamoDB Local (a JVM per worker, see global-setup), so a worker more
    // than there are cores keeps both cores busy while files wait on their databases.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
    // Generous: DynamoDB Local on two shared cores is slow when every file works at once.
    testTimeout: 240_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
