import { counters, funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { config } from '../../shared/config';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CloseReceiving } from '../../shared/routes/campaigns';
import { closeReceiving } from '../../shared/usecases/fund-commands';
import { staffFundView } from '../../shared/usecases/funds';

export const handler = routeHandler(CloseReceiving, async (request) => {
  const result = await closeReceiving({ funds, idempotency, transaction }, request.params.fundId, request.body, commandContext(request), { cacheSeconds: config().FUND_CACHE_SECONDS });
  return { status: result.status, body: await staffFundView({ counters }, result.body) };
});
