import { funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { RecordGoods } from '../../shared/routes/campaigns';
import { recordGoods } from '../../shared/usecases/goods';

export const handler = routeHandler(RecordGoods, async (request) => recordGoods({ funds, idempotency, transaction }, request.params.fundId, request.body, commandContext(request)));
