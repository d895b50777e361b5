import { funds, statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListStatements } from '../../shared/routes/statements';
import { requireFundScope } from '../../shared/usecases/scope';
import { listStatements } from '../../shared/usecases/statements/views';

export const handler = routeHandler(ListStatements, async ({ query, scope }) => {
  await requireFundScope({ funds }, scope, query.fundId);
  return { body: await listStatements({ funds, statements }, query.fundId, query) };
});
