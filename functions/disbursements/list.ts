import { funds, disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListDisbursements } from '../../shared/routes/ledger';
import { fundsInScope } from '../../shared/usecases/scope';
import { listDisbursementsForStaff } from '../../shared/usecases/staff-disbursements';

export const handler = routeHandler(ListDisbursements, async ({ query, scope }) => ({
  body: await listDisbursementsForStaff({ funds, disbursements }, query, fundsInScope(scope)),
}));
