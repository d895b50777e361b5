import { stores } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { createApiKey } from '../../shared/usecases/organisations';

export const handler = routeHandler<{ orgId: string }, unknown, { label: string }>(routeById('CreateApiKey'), async (request) =>
  createApiKey(stores, request.params.orgId, request.body.label, commandContext(request)),
);
