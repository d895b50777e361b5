import { funds, statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListStatements } from '../../shared/routes/statements';
import { listStatements } from '../../shared/usecases/statements/views';

export const handler = routeHandler(ListStatements, async ({ query }) => ({
  body: await listStatements({ funds, statements }, query.fundId, query),
}));
