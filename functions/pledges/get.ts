import { routeHandler } from '../../shared/http/handler';
import { GetPledge } from '../../shared/routes/pledges';
import { funds, pledges } from '../../shared/adapters/dynamo';
import { getPublicPledge } from '../../shared/usecases/pledges';

export const handler = routeHandler(GetPledge, async ({ params }) => ({
  body: await getPublicPledge({ pledges, funds }, params.ref),
}));
