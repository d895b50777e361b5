import { ledgerStore } from '../../shared/adapters/dynamo';
import { totalsStore } from '../../shared/adapters/dynamo/totals-store';
import { routeHandler } from '../../shared/http/handler';
import { ListFundDays } from '../../shared/routes/funds';
import { listDayTotals } from '../../shared/usecases/totals';

export const handler = routeHandler(ListFundDays, async ({ params, query }) => ({
  body: await listDayTotals(ledgerStore, totalsStore(), params.fundId, query),
}));
