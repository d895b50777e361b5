import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-env.ts'],
    pool: 'forks',
    // Generous: DynamoDB Local on two shared cores is slow when every file works at once.
    testTimeout: 240_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
