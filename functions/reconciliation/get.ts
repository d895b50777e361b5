import { funds, pledges, disbursements, statements, statementLines } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetReconciliation } from '../../shared/routes/reconciliation';
import { getReconciliation } from '../../shared/usecases/statements/reconciliation';

export const handler = routeHandler(GetReconciliation, async ({ params }) => ({
  body: await getReconciliation({ funds, statements, statementLines, pledges, disbursements }, params.fundId),
}));
