import { counters, funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { OpenFund } from '../../shared/routes/campaigns';
import { openFund } from '../../shared/usecases/fund-commands';
import { staffFundView } from '../../shared/usecases/funds';

export const handler = routeHandler(OpenFund, async (request) => {
  const result = await openFund({ funds, idempotency, transaction }, request.params.fundId, request.body, commandContext(request));
  return { status: result.status, body: await staffFundView({ counters }, result.body) };
});
