import { pledges } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListOwnPledges } from '../../shared/routes/organisations';
import { organisationPledges } from '../../shared/usecases/organisations';

export const handler = routeHandler(ListOwnPledges, async ({ principal }) => ({
  body: await organisationPledges({ pledges }, principal.kind === 'organisation' ? principal.orgId : ''),
}));
