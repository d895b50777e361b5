import { reportStore } from '../../shared/adapters/s3/report-store';
import { routeHandler } from '../../shared/http/handler';
import { GetReportKeys } from '../../shared/routes/reports';
import { getPublicKeys } from '../../shared/usecases/reports';

export const handler = routeHandler(GetReportKeys, async () => ({ body: await getPublicKeys(reportStore()) }));
