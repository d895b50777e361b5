import { adminUnits, counters, funds, plans } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetFundPlan } from '../../shared/routes/funds';
import { getPlan } from '../../shared/usecases/plans';

export const handler = routeHandler(GetFundPlan, async ({ params }) => ({
  body: await getPlan({ funds, plans, counters, adminUnits }, params.fundId),
}));
