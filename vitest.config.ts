import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    pool: 'forks',
    // Most of the integration work is in DynamoDB Local (a JVM per worker, see global-setup), so a
    // worker more than there are cores keeps both cores busy while files wait on their databases.
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
    // Generous: DynamoDB Local on two shared cores is slow when every file works at once.
    testTimeout: 240_000,
    hookTimeout: 300_000,
    reporters: ['default'],
    projects: [
      {
        // Pure code and the use cases on the in-memory stores: no emulator is started, no Java needed.
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          setupFiles: ['test/support/setup-unit-env.ts'],
        },
      },
      {
        // Everything that talks to DynamoDB Local, the S3 emulator, the twin, CDK or Chromium.
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**'],
          globalSetup: ['test/support/global-setup.ts'],
          setupFiles: ['test/support/setup-env.ts'],
        },
      },
    ],
  },
});
