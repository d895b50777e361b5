import { funds, disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListDisbursements } from '../../shared/routes/ledger';
import { listDisbursementsForStaff } from '../../shared/usecases/staff-disbursements';

export const handler = routeHandler(ListDisbursements, async ({ query }) => ({
  body: await listDisbursementsForStaff({ funds, disbursements }, query),
}));
