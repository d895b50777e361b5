import { funds, disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { publicDisbursements } from '../../shared/usecases/public-disbursements';

export const handler = routeHandler<{ fundId: string }>(routeById('ListFundDisbursements'), async ({ params }) => ({
  body: await publicDisbursements({ funds, disbursements }, params.fundId),
}));
