import { adminUnits, committees, organisations } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListApiKeys } from '../../shared/routes/organisations';
import { listApiKeys } from '../../shared/usecases/api-keys';

export const handler = routeHandler(ListApiKeys, async (request) => ({
  body: await listApiKeys({ organisations, committees, adminUnits }, request.params.orgId, request.scope),
}));
