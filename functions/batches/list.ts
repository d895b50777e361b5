import { batches } from '../../shared/adapters/dynamo';
import { ForbiddenError } from '../../shared/errors';
import { routeHandler } from '../../shared/http/handler';
import { ListBatches } from '../../shared/routes/batches';
import { listBatches } from '../../shared/usecases/batches';

export const handler = routeHandler(ListBatches, async ({ principal, query }) => {
  if (principal.kind !== 'organisation') throw new ForbiddenError('This route is for organisations');
  return { body: await listBatches({ batches }, principal.orgId, query) };
});
