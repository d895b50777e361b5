import { batches, funds, idempotency, pledges, transaction } from '../../shared/adapters/dynamo';
import { ForbiddenError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/handler';
import { ProcessBatch } from '../../shared/routes/batches';
import { processBatch } from '../../shared/usecases/batches';

/** What one call may spend making pledges: well inside API Gateway's 29 s. The next call continues where it stopped. */
const BUDGET_MS = 20_000;

export const handler = routeHandler(ProcessBatch, async ({ principal, params }) => {
  if (principal.kind !== 'organisation') throw new ForbiddenError('This route is for organisations');
  const result = await processBatch({ funds, batches, idempotency, pledges, transaction }, principal.orgId, params.batchId, { deadline: Date.now() + BUDGET_MS });
  return { status: result.done ? 200 : 202, body: result.batch };
});
