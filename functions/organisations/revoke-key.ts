import { adminUnits, committees, organisations, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { RevokeApiKey } from '../../shared/routes/organisations';
import { revokeApiKey } from '../../shared/usecases/api-keys';

export const handler = routeHandler(RevokeApiKey, async (request) =>
  revokeApiKey({ organisations, committees, adminUnits, idempotency, transaction }, request.params.orgId, request.params.keyId, commandContext(request)),
);
