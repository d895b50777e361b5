import { routeHandler } from '../../shared/http/handler';
import { commandContext } from '../../shared/http/command-context';
import { CreatePledge } from '../../shared/routes/pledges';
import { funds, pledges, transaction } from '../../shared/adapters/dynamo';
import { config } from '../../shared/config';
import { cachedFunds } from '../../shared/usecases/fund-cache';
import { createPledge } from '../../shared/usecases/pledges';

/**
 * Kept for the container's life: a fund is read once per FUND_CACHE_SECONDS (30 s) here, not once
 * per pledge (DESIGN §8); closing receiving puts the window's end at least that far ahead (§12.1).
 */
let fundsInInstance: ReturnType<typeof cachedFunds> | undefined;

export const handler = routeHandler(CreatePledge, async (request) => {
  fundsInInstance ??= cachedFunds(funds, { seconds: config().FUND_CACHE_SECONDS });
  // A stranger's pledge is capped; an organisation pledges more through its key (DESIGN §8).
  const capVnd = request.principal.kind === 'organisation' ? undefined : config().ANONYMOUS_PLEDGE_CAP_VND;
  const result = await createPledge({ funds: fundsInInstance, pledges, transaction }, request.body, commandContext(request), { capVnd });
  return { status: result.status, body: result.body, headers: { location: `/v1/pledges/${result.body.ref}` } };
});
