import { funds, counters } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { listDayTotals } from '../../shared/usecases/totals';

export const handler = routeHandler<{ fundId: string }, { from?: string; to?: string }>(routeById('ListFundDays'), async ({ params, query }) => ({
  body: await listDayTotals({ funds, counters }, params.fundId, query),
}));
