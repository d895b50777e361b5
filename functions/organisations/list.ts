import { adminUnits, committees, organisations } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListOrganisations } from '../../shared/routes/organisations';
import { listOrganisations } from '../../shared/usecases/organisations';

export const handler = routeHandler(ListOrganisations, async (request) => ({
  body: await listOrganisations({ organisations, committees, adminUnits }, request.scope, request.query.q),
}));
