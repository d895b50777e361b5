import { counters, disbursements, funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CloseFund } from '../../shared/routes/campaigns';
import { closeFund } from '../../shared/usecases/fund-commands';
import { staffFundView } from '../../shared/usecases/funds';

export const handler = routeHandler(CloseFund, async (request) => {
  const result = await closeFund({ funds, disbursements, idempotency, transaction }, request.params.fundId, request.body, commandContext(request));
  return { status: result.status, body: await staffFundView({ counters }, result.body) };
});
