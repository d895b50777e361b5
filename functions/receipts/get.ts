import { stores } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { getReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler<{ id: string }>(routeById('GetReceipt'), async ({ params }) => ({
  body: await getReceipt(stores, params.id),
}));
