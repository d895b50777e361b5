import { funds, journal } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { journalPage } from '../../shared/usecases/audit';

export const handler = routeHandler<{ fundId: string }, { cursor?: string; limit: number }>(routeById('GetFundJournal'), async ({ params, query }) => ({
  body: await journalPage({ funds, journal }, params.fundId, query),
}));
