/**
 * Starts DynamoDB Local and the S3 emulator once for the whole run, on free ports.
 * Each test file then works in its own table, so files never see each other's data.
 */
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, startS3Emulator } from '../../infra/local/services';
import { LOCAL_NAMES, PROJECT_ROOT } from '../../infra/local/twin';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    s3Endpoint: string;
  }
}

export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const dynamo = await startDynamoLocal();
  const s3 = await startS3Emulator({
    dir: join(PROJECT_ROOT, '.data', 'test', `s3-${process.pid}`),
    buckets: Object.values(LOCAL_NAMES.buckets),
  });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('s3Endpoint', s3.endpoint);
  return async () => {
    await s3.stop();
    await dynamo.stop();
  };
}
