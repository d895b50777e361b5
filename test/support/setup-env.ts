/** Runs before each test file's imports: points the handlers at the shared emulators and a table of the file's own. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { twinEnvironment } from '../../infra/local/twin';

Object.assign(
  process.env,
  twinEnvironment({ dynamo: inject('dynamoEndpoint'), s3: inject('s3Endpoint'), table: `ledger-test-${randomUUID().slice(0, 8)}` }),
);
