import { funds, adminUnits, counters } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListFundWards } from '../../shared/routes/funds';
import { listWardTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListFundWards, async ({ params }) => ({
  body: await listWardTotals({ funds, adminUnits, counters }, params.fundId),
}));
