import { funds, pledges, disbursements, statements, statementLines } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { getReconciliation } from '../../shared/usecases/statements/reconciliation';

export const handler = routeHandler<{ fundId: string }>(routeById('GetReconciliation'), async ({ params }) => ({
  body: await getReconciliation({ funds, statements, statementLines, pledges, disbursements }, params.fundId),
}));
