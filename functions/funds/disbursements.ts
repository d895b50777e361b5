import { funds, disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListFundDisbursements } from '../../shared/routes/funds';
import { publicDisbursements } from '../../shared/usecases/public-disbursements';

export const handler = routeHandler(ListFundDisbursements, async ({ params }) => ({
  body: await publicDisbursements({ funds, disbursements }, params.fundId),
}));
