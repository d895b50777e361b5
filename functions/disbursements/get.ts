import { disbursements, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetDisbursement } from '../../shared/routes/ledger';
import { findScopedDisbursement } from '../../shared/usecases/disbursements';

export const handler = routeHandler(GetDisbursement, async ({ params, scope }) => ({
  body: await findScopedDisbursement({ disbursements, funds }, params.id, { scope }),
}));
