import { adminUnits, committees } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetCommittee } from '../../shared/routes/campaigns';
import { getCommittee } from '../../shared/usecases/committees';

export const handler = routeHandler(GetCommittee, async ({ params }) => ({
  body: await getCommittee({ committees, adminUnits }, params.committeeId),
}));
