import { counters, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListStaffFunds } from '../../shared/routes/campaigns';
import { listStaffFunds } from '../../shared/usecases/funds';

export const handler = routeHandler(ListStaffFunds, async ({ scope }) => ({
  body: { items: await listStaffFunds({ funds, counters }, scope) },
}));
