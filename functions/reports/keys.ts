import { reportStore } from '../../shared/adapters/reports';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { getPublicKeys } from '../../shared/usecases/reports';

export const handler = routeHandler(routeById('GetReportKeys'), async () => ({ body: await getPublicKeys(reportStore()) }));
