import { routeHandler } from '../../shared/http/handler';
import { ListFunds } from '../../shared/routes/funds';
import { funds, counters } from '../../shared/adapters/dynamo';
import { listFundsWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler(ListFunds, async () => ({
  body: { items: await listFundsWithTotals({ funds, counters }) },
}));
