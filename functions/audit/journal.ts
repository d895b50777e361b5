import { funds, journal } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetFundJournal } from '../../shared/routes/ledger';
import { journalPage } from '../../shared/usecases/audit';
import { requireFundScope } from '../../shared/usecases/scope';

export const handler = routeHandler(GetFundJournal, async ({ params, query, scope }) => {
  await requireFundScope({ funds }, scope, params.fundId);
  return { body: await journalPage({ funds, journal }, params.fundId, query) };
});
