import { routeHandler } from '../../shared/http/handler';
import { commandContext } from '../../shared/http/command-context';
import { CreatePledge } from '../../shared/routes/pledges';
import { funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { createPledge } from '../../shared/usecases/pledges';

export const handler = routeHandler(CreatePledge, async (request) => {
  const result = await createPledge({ funds, idempotency, transaction }, request.body, commandContext(request));
  return { status: result.status, body: result.body, headers: { location: `/v1/pledges/${result.body.ref}` } };
});
