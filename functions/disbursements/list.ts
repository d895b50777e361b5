import { funds, disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListDisbursements } from '../../shared/routes/ledger';
import { fundsInScope, requireFundScope } from '../../shared/usecases/scope';
import { listDisbursementsForStaff } from '../../shared/usecases/staff-disbursements';

export const handler = routeHandler(ListDisbursements, async ({ query, scope }) => {
  // One fund asked for by name: a fund outside the caller's committees is a 403, as on every fund route.
  if (query.fundId) await requireFundScope({ funds }, scope, query.fundId);
  return { body: await listDisbursementsForStaff({ funds, disbursements }, query, fundsInScope(scope)) };
});
