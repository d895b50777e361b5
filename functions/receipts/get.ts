import { funds, receipts } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetReceipt } from '../../shared/routes/ledger';
import { getReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler(GetReceipt, async ({ params, scope }) => ({
  body: await getReceipt({ receipts, funds }, params.id, scope),
}));
