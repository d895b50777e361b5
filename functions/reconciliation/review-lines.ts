import { funds, statementLines, statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListReviewLines } from '../../shared/routes/reconciliation';
import { reviewQueue } from '../../shared/usecases/review-queue';
import { requireFundScope } from '../../shared/usecases/scope';

export const handler = routeHandler(ListReviewLines, async ({ params, query, scope }) => {
  await requireFundScope({ funds }, scope, params.fundId);
  return { body: await reviewQueue({ funds, statements, statementLines }, params.fundId, query) };
});
