import { ledgerStore } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetReconciliation } from '../../shared/routes/reconciliation';
import { getReconciliation } from '../../shared/usecases/statements/reconciliation';

export const handler = routeHandler(GetReconciliation, async ({ params }) => ({
  body: await getReconciliation(ledgerStore, params.fundId),
}));
