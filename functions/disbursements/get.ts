import { disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { findDisbursement } from '../../shared/usecases/disbursements';

export const handler = routeHandler<{ id: string }>(routeById('GetDisbursement'), async ({ params }) => ({
  body: await findDisbursement({ disbursements }, params.id),
}));
