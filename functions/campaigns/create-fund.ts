import { adminUnits, committees, counters, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CreateFund } from '../../shared/routes/campaigns';
import { createFund } from '../../shared/usecases/fund-commands';
import { staffFundView } from '../../shared/usecases/funds';

export const handler = routeHandler(CreateFund, async (request) => {
  const result = await createFund({ committees, adminUnits, idempotency, transaction }, request.body, commandContext(request));
  return { status: result.status, body: await staffFundView({ counters }, result.body), headers: { location: `/v1/funds/${result.body.fundId}` } };
});
