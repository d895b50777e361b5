import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { stores } from '../../shared/adapters/dynamo';
import { getPublicPledge } from '../../shared/usecases/pledges';

export const handler = routeHandler<{ ref: string }>(routeById('GetPledge'), async ({ params }) => ({
  body: await getPublicPledge(stores, params.ref),
}));
