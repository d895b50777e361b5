import { funds, statementLines } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListReviewLines } from '../../shared/routes/reconciliation';
import { reviewQueue } from '../../shared/usecases/review-queue';

export const handler = routeHandler(ListReviewLines, async ({ params, query }) => ({
  body: await reviewQueue({ funds, statementLines }, params.fundId, query),
}));
