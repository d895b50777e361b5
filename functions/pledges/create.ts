import { routeHandler } from '../../shared/http/handler';
import { commandContext } from '../../shared/http/command-context';
import { CreatePledge } from '../../shared/routes/pledges';
import { funds, pledges, transaction } from '../../shared/adapters/dynamo';
import { cachedFunds } from '../../shared/usecases/fund-cache';
import { createPledge } from '../../shared/usecases/pledges';

/** Kept for the container's life: a fund is read once per 30 s here, not once per pledge (DESIGN §8). */
const fundsInInstance = cachedFunds(funds);

export const handler = routeHandler(CreatePledge, async (request) => {
  const result = await createPledge({ funds: fundsInInstance, pledges, transaction }, request.body, commandContext(request));
  return { status: result.status, body: result.body, headers: { location: `/v1/pledges/${result.body.ref}` } };
});
