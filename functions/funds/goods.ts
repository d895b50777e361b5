import { funds, goods } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListFundGoods } from '../../shared/routes/funds';
import { fundGoods } from '../../shared/usecases/goods';

export const handler = routeHandler(ListFundGoods, async ({ params }) => ({
  body: await fundGoods({ funds, goods }, params.fundId),
}));
