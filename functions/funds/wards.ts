import { funds, adminUnits, counters } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { listWardTotals } from '../../shared/usecases/totals';

export const handler = routeHandler<{ fundId: string }>(routeById('ListFundWards'), async ({ params }) => ({
  body: await listWardTotals({ funds, adminUnits, counters }, params.fundId),
}));
