import { disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetDisbursement } from '../../shared/routes/ledger';
import { findDisbursement } from '../../shared/usecases/disbursements';

export const handler = routeHandler(GetDisbursement, async ({ params }) => ({
  body: await findDisbursement({ disbursements }, params.id),
}));
