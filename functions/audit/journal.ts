import { funds, journal } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetFundJournal } from '../../shared/routes/ledger';
import { journalPage } from '../../shared/usecases/audit';

export const handler = routeHandler(GetFundJournal, async ({ params, query }) => ({
  body: await journalPage({ funds, journal }, params.fundId, query),
}));
