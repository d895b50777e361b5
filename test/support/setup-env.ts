/** Runs before each test file's imports: points the handlers at its worker's emulators and a table of the file's own. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { twinEnvironment } from '../../infra/local/twin';

const endpoints = inject('dynamoEndpoints');
// VITEST_POOL_ID runs from 1 to maxWorkers, and no two running files share one.
const worker = Math.max(1, Number(process.env.VITEST_POOL_ID) || 1);

Object.assign(
  process.env,
  twinEnvironment({
    dynamo: endpoints[(worker - 1) % endpoints.length]!,
    s3: inject('s3Endpoint'),
    table: `ledger-test-${randomUUID().slice(0, 8)}`,
  }),
);

// Closing receiving keeps a grace of this many seconds for cached copies of a fund (DESIGN §12.1): short in tests.
process.env.FUND_CACHE_SECONDS ??= '1';

// Every twin of the suite checks its traffic against the OpenAPI document (SOVANG_CONTRACT_CHECK=0 turns it off).
process.env.SOVANG_CONTRACT_CHECK ??= '1';
