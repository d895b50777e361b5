import { funds, disbursements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { listDisbursementsForStaff, type DisbursementListQuery } from '../../shared/usecases/staff-disbursements';

export const handler = routeHandler<unknown, DisbursementListQuery>(routeById('ListDisbursements'), async ({ query }) => ({
  body: await listDisbursementsForStaff({ funds, disbursements }, query),
}));
