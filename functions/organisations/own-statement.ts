import { funds, journal, organisations, pledges } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetOwnStatement } from '../../shared/routes/organisations';
import { ownStatement } from '../../shared/usecases/organisation-statement';

export const handler = routeHandler(GetOwnStatement, async ({ principal, query }) => ({
  body: await ownStatement({ organisations, pledges, journal, funds }, principal.kind === 'organisation' ? principal.orgId : '', query.year),
}));
