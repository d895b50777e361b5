import { routeHandler } from '../../shared/http/handler';
import { SearchAdminUnits } from '../../shared/routes/funds';
import { adminUnits } from '../../shared/adapters/dynamo';
import { searchAdminUnits } from '../../shared/usecases/admin-units';

export const handler = routeHandler(SearchAdminUnits, async ({ query }) => ({
  body: await searchAdminUnits({ adminUnits }, query),
}));
