import { adminUnits, committees } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListCommittees } from '../../shared/routes/campaigns';
import { listCommittees } from '../../shared/usecases/committees';

export const handler = routeHandler(ListCommittees, async ({ query }) => ({
  body: { items: await listCommittees({ committees, adminUnits }, query.parentId) },
}));
