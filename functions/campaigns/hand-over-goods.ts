import { adminUnits, funds, goods, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { HandOverGoods } from '../../shared/routes/campaigns';
import { handOverGoods } from '../../shared/usecases/goods';

export const handler = routeHandler(HandOverGoods, async (request) =>
  handOverGoods({ funds, goods, adminUnits, idempotency, transaction }, request.params.fundId, request.params.lotId, request.body, commandContext(request)),
);
