import { ledgerStore } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CreateOrganisation } from '../../shared/routes/organisations';
import { createOrganisation } from '../../shared/usecases/organisations';

export const handler = routeHandler(CreateOrganisation, async (request) =>
  createOrganisation(ledgerStore, request.body, commandContext(request)),
);
