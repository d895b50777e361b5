import { routeHandler } from '../../shared/http/handler';
import { GetFund } from '../../shared/routes/funds';
import { ledgerStore } from '../../shared/adapters/dynamo';
import { getFundWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler(GetFund, async ({ params }) => ({
  body: await getFundWithTotals(ledgerStore, params.fundId),
}));
