import { counters, funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { config } from '../../shared/config';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { EditFund } from '../../shared/routes/campaigns';
import { editFund } from '../../shared/usecases/fund-commands';
import { staffFundView } from '../../shared/usecases/funds';

export const handler = routeHandler(EditFund, async (request) => {
  const result = await editFund({ funds, idempotency, transaction }, request.params.fundId, request.body, commandContext(request), { cacheSeconds: config().FUND_CACHE_SECONDS });
  return { status: result.status, body: await staffFundView({ counters }, result.body) };
});
