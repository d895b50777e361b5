import { funds, journal } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetAuditTrail } from '../../shared/routes/ledger';
import { entityHistory } from '../../shared/usecases/audit';
import { requireFundScope } from '../../shared/usecases/scope';

export const handler = routeHandler(GetAuditTrail, async ({ params, scope }) => {
  const history = await entityHistory({ journal }, params.entityRef);
  // A trail is one aggregate's, of one fund: its committee decides who may read it.
  const fundId = history.entries[0]?.fundId;
  if (fundId) await requireFundScope({ funds }, scope, fundId);
  return { body: history };
});
