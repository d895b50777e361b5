import { batches, pledges } from '../../shared/adapters/dynamo';
import { ForbiddenError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/handler';
import { GetBatch } from '../../shared/routes/batches';
import { getBatch } from '../../shared/usecases/batches';

export const handler = routeHandler(GetBatch, async ({ principal, params, query }) => {
  if (principal.kind !== 'organisation') throw new ForbiddenError('This route is for organisations');
  return { body: await getBatch({ batches, pledges }, principal.orgId, params.batchId, query.cursor) };
});
