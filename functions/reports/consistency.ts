import { reportStore } from '../../shared/adapters/reports';
import { routeHandler } from '../../shared/http/handler';
import { nodeHasher } from '../../shared/reports/node-hash';
import { routeById } from '../../shared/routes';
import { getConsistencyProof } from '../../shared/usecases/reports';

export const handler = routeHandler<{ fundId: string }, { from: string; to: string }>(routeById('GetReportConsistency'), async ({ params, query }) => ({
  body: await getConsistencyProof(reportStore(), { fundId: params.fundId, ...query }, nodeHasher),
}));
