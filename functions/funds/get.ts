import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { funds, counters } from '../../shared/adapters/dynamo';
import { getFundWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler<{ fundId: string }>(routeById('GetFund'), async ({ params }) => ({
  body: await getFundWithTotals({ funds, counters }, params.fundId),
}));
