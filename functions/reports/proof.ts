import { reportStore } from '../../shared/adapters/reports';
import { routeHandler } from '../../shared/http/handler';
import { nodeHasher } from '../../shared/reports/node-hash';
import { routeById } from '../../shared/routes';
import { getInclusionProofs } from '../../shared/usecases/reports';

export const handler = routeHandler<{ fundId: string; date: string }, { ref: string }>(routeById('GetReportProof'), async ({ params, query }) => ({
  body: await getInclusionProofs(reportStore(), { ...params, ref: query.ref }, nodeHasher),
}));
