import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { ledgerStore } from '../../shared/adapters/dynamo';
import { getFundWithTotals } from '../../shared/usecases/funds';

export const handler = routeHandler<{ fundId: string }>(routeById('GetFund'), async ({ params }) => ({
  body: await getFundWithTotals(ledgerStore, params.fundId),
}));
