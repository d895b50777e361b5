import { funds, counters } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListFundDays } from '../../shared/routes/funds';
import { listDayTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListFundDays, async ({ params, query }) => ({
  body: await listDayTotals({ funds, counters }, params.fundId, query),
}));
