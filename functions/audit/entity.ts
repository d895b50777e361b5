import { journal } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { entityHistory } from '../../shared/usecases/audit';

export const handler = routeHandler<{ entityRef: string }>(routeById('GetAuditTrail'), async ({ params }) => ({
  body: await entityHistory({ journal }, params.entityRef),
}));
