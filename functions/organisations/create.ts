import { idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { createOrganisation } from '../../shared/usecases/organisations';

type Body = { name: string; taxCode?: string; contactEmail?: string };

export const handler = routeHandler<unknown, unknown, Body>(routeById('CreateOrganisation'), async (request) =>
  createOrganisation({ idempotency, transaction }, request.body, commandContext(request)),
);
