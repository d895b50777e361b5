import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { funds, pledges } from '../../shared/adapters/dynamo';
import { getPublicPledge } from '../../shared/usecases/pledges';

export const handler = routeHandler<{ ref: string }>(routeById('GetPledge'), async ({ params }) => ({
  body: await getPublicPledge({ pledges, funds }, params.ref),
}));
