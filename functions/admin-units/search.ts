import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { adminUnits } from '../../shared/adapters/dynamo';
import { searchAdminUnits } from '../../shared/usecases/admin-units';

type Query = { province?: string; q?: string; limit: number };

export const handler = routeHandler<unknown, Query>(routeById('SearchAdminUnits'), async ({ query }) => ({
  body: await searchAdminUnits({ adminUnits }, query),
}));
