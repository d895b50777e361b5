import { routeHandler } from '../../shared/http/handler';
import { GetPledge } from '../../shared/routes/pledges';
import { ledgerStore } from '../../shared/adapters/dynamo';
import { getPublicPledge } from '../../shared/usecases/pledges';

export const handler = routeHandler(GetPledge, async ({ params }) => ({
  body: await getPublicPledge(ledgerStore, params.ref),
}));
