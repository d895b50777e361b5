import { adminUnits, committees, funds, journal, organisations, pledges } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetOrganisationStatement } from '../../shared/routes/organisations';
import { organisationStatement } from '../../shared/usecases/organisation-statement';

export const handler = routeHandler(GetOrganisationStatement, async ({ params, query, scope }) => ({
  body: await organisationStatement({ organisations, pledges, journal, funds, committees, adminUnits }, params.orgId, query.year, scope),
}));
