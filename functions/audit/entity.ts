import { journal } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetAuditTrail } from '../../shared/routes/ledger';
import { entityHistory } from '../../shared/usecases/audit';

export const handler = routeHandler(GetAuditTrail, async ({ params }) => ({
  body: await entityHistory({ journal }, params.entityRef),
}));
