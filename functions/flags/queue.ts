import { flags, funds, pledges } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetModerationQueue } from '../../shared/routes/flags';
import { moderationQueue } from '../../shared/usecases/moderation';
import { requireFundScope } from '../../shared/usecases/scope';

export const handler = routeHandler(GetModerationQueue, async ({ params, scope }) => {
  await requireFundScope({ funds }, scope, params.fundId);
  return { body: await moderationQueue({ funds, flags, pledges }, params.fundId) };
});
