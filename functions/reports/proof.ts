import { reportStore } from '../../shared/adapters/s3/report-store';
import { routeHandler } from '../../shared/http/handler';
import { nodeHasher } from '../../shared/reports/node-hash';
import { GetReportProof } from '../../shared/routes/reports';
import { getInclusionProofs } from '../../shared/usecases/reports';

export const handler = routeHandler(GetReportProof, async ({ params, query }) => ({
  body: await getInclusionProofs(reportStore(), { ...params, ref: query.ref, leaf: query.leaf }, nodeHasher),
}));
