import { funds, statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { listStatements } from '../../shared/usecases/statements/review';

export const handler = routeHandler<unknown, { fundId: string; cursor?: string; limit: number }>(routeById('ListStatements'), async ({ query }) => ({
  body: await listStatements({ funds, statements }, query.fundId, query),
}));
