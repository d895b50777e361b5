import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { funds, counters } from '../../shared/adapters/dynamo';
import { listFundsWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler(routeById('ListFunds'), async () => ({
  body: { items: await listFundsWithTotals({ funds, counters }) },
}));
