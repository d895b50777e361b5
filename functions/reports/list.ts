import { funds } from '../../shared/adapters/dynamo';
import { reportStore } from '../../shared/adapters/s3/report-store';
import { routeHandler } from '../../shared/http/handler';
import { ListReports } from '../../shared/routes/reports';
import { listReports } from '../../shared/usecases/reports';

export const handler = routeHandler(ListReports, async ({ query }) => ({
  body: await listReports(reportStore(), funds, query.fundId),
}));
