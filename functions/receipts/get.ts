import { receipts } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { getReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler<{ id: string }>(routeById('GetReceipt'), async ({ params }) => ({
  body: await getReceipt({ receipts }, params.id),
}));
