/**
 * Starts the emulators once for the whole run, on free ports: one DynamoDB Local per test worker
 * and one S3 emulator. DynamoDB Local serialises every write through one SQLite database, so a
 * JVM per worker is what lets the files run side by side on more than one core. Each test file
 * still works in its own table, so files never see each other's data.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, startS3Emulator } from '../../infra/local/services';
import { LOCAL_NAMES, PROJECT_ROOT } from '../../infra/local/twin';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoints: string[];
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  const [s3, ...dynamos] = await Promise.all([
    startS3Emulator({ dir: join(PROJECT_ROOT, '.data', 'test', `s3-${process.pid}`), buckets: Object.values(LOCAL_NAMES.buckets) }),
    ...Array.from({ length: workers }, () => startDynamoLocal()),
  ]);
  project.provide('dynamoEndpoints', dynamos.map((d) => d.endpoint));
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await Promise.all([s3.stop(), ...dynamos.map((d) => d.stop())]);
  };
}
