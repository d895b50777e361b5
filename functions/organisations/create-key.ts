import { organisations, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { createApiKey } from '../../shared/usecases/organisations';

export const handler = routeHandler<{ orgId: string }, unknown, { label: string }>(routeById('CreateApiKey'), async (request) =>
  createApiKey({ organisations, idempotency, transaction }, request.params.orgId, request.body.label, commandContext(request)),
);
