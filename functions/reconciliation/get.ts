import { funds, pledges, disbursements, statements, statementLines } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetReconciliation } from '../../shared/routes/reconciliation';
import { requireFundScope } from '../../shared/usecases/scope';
import { getReconciliation } from '../../shared/usecases/statements/reconciliation';

export const handler = routeHandler(GetReconciliation, async ({ params, scope }) => {
  await requireFundScope({ funds }, scope, params.fundId);
  return { body: await getReconciliation({ funds, statements, statementLines, pledges, disbursements }, params.fundId) };
});
