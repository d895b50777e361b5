import { pledges } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { organisationPledges } from '../../shared/usecases/organisations';

export const handler = routeHandler(routeById('ListOwnPledges'), async ({ principal }) => ({
  body: await organisationPledges({ pledges }, principal.kind === 'organisation' ? principal.orgId : ''),
}));
