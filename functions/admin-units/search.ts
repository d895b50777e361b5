import { routeHandler } from '../../shared/http/handler';
import { SearchAdminUnits } from '../../shared/routes/funds';
import { ledgerStore } from '../../shared/adapters/dynamo';
import { searchAdminUnits } from '../../shared/usecases/admin-units';

export const handler = routeHandler(SearchAdminUnits, async ({ query }) => ({
  body: await searchAdminUnits(ledgerStore, query),
}));
