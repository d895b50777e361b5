import { ledgerStore } from '../../shared/adapters/dynamo';
import { totalsStore } from '../../shared/adapters/dynamo/totals-store';
import { routeHandler } from '../../shared/http/handler';
import { ListFundWards } from '../../shared/routes/funds';
import { listWardTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListFundWards, async ({ params }) => ({
  body: await listWardTotals(ledgerStore, totalsStore(), params.fundId),
}));
