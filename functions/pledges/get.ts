import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { ledgerStore } from '../../shared/adapters/dynamo';
import { getPublicPledge } from '../../shared/usecases/pledges';

export const handler = routeHandler<{ ref: string }>(routeById('GetPledge'), async ({ params }) => ({
  body: await getPublicPledge(ledgerStore, params.ref),
}));
