import { funds, disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListDisbursements } from '../../shared/routes/ledger';
import { requireFundScope } from '../../shared/usecases/scope';
import { listDisbursementsForStaff } from '../../shared/usecases/staff-disbursements';

export const handler = routeHandler(ListDisbursements, async ({ query, scope }) => {
  await requireFundScope({ funds }, scope, query.fundId);
  return { body: await listDisbursementsForStaff({ funds, disbursements }, query) };
});
