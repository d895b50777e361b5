import { adminUnits, committees, organisations, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { RotateApiKey } from '../../shared/routes/organisations';
import { rotateApiKey } from '../../shared/usecases/api-keys';

export const handler = routeHandler(RotateApiKey, async (request) =>
  rotateApiKey(
    { organisations, committees, adminUnits, idempotency, transaction },
    request.params.orgId,
    request.params.keyId,
    request.body,
    commandContext(request),
  ),
);
