import { routeHandler } from '../../shared/http/handler';
import { GetFund } from '../../shared/routes/funds';
import { funds, counters } from '../../shared/adapters/dynamo';
import { getFundWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler(GetFund, async ({ params }) => ({
  body: await getFundWithTotals({ funds, counters }, params.fundId),
}));
