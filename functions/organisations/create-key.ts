import { adminUnits, committees, organisations, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CreateApiKey } from '../../shared/routes/organisations';
import { createApiKey } from '../../shared/usecases/api-keys';

export const handler = routeHandler(CreateApiKey, async (request) =>
  createApiKey({ organisations, committees, adminUnits, idempotency, transaction }, request.params.orgId, request.body, commandContext(request)),
);
