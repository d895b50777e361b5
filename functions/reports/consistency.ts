import { reportStore } from '../../shared/adapters/s3/report-store';
import { routeHandler } from '../../shared/http/handler';
import { nodeHasher } from '../../shared/reports/node-hash';
import { GetReportConsistency } from '../../shared/routes/reports';
import { getConsistencyProof } from '../../shared/usecases/reports';

export const handler = routeHandler(GetReportConsistency, async ({ params, query }) => ({
  body: await getConsistencyProof(reportStore(), { fundId: params.fundId, ...query }, nodeHasher),
}));
