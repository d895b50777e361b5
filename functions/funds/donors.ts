import { funds, journal, pledges } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListFundDonors } from '../../shared/routes/funds';
import { publicDonors } from '../../shared/usecases/donors';

export const handler = routeHandler(ListFundDonors, async ({ params, query }) => ({
  body: await publicDonors({ funds, journal, pledges }, params.fundId, query),
}));
