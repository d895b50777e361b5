import { adminUnits, committees, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CreateOrganisation } from '../../shared/routes/organisations';
import { createOrganisation } from '../../shared/usecases/organisations';

export const handler = routeHandler(CreateOrganisation, async (request) =>
  createOrganisation({ committees, adminUnits, idempotency, transaction }, request.body, commandContext(request)),
);
