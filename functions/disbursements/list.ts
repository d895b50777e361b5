import { funds, disbursements } from '../../shared/adapters/dynamo';
import { fundVisibility } from '../../shared/http/fund-access';
import { routeHandler } from '../../shared/http/handler';
import { ListDisbursements } from '../../shared/routes/ledger';
import { listDisbursementsForStaff } from '../../shared/usecases/staff-disbursements';

export const handler = routeHandler(ListDisbursements, async ({ query, principal }) => ({
  body: await listDisbursementsForStaff({ funds, disbursements }, query, fundVisibility(principal)),
}));
