import { funds, receipts, statementLines, statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetReceipt } from '../../shared/routes/ledger';
import { getReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler(GetReceipt, async ({ params, scope }) => ({
  body: await getReceipt({ receipts, funds, statements, statementLines }, params.id, scope),
}));
