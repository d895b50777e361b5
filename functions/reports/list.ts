import { funds } from '../../shared/adapters/dynamo';
import { reportStore } from '../../shared/adapters/reports';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { listReports } from '../../shared/usecases/reports';

export const handler = routeHandler<unknown, { fundId: string }>(routeById('ListReports'), async ({ query }) => ({
  body: await listReports(reportStore(), funds, query.fundId),
}));
