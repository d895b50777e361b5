import { funds, adminUnits, plans, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { RequestDisbursement } from '../../shared/routes/ledger';
import { requestDisbursement } from '../../shared/usecases/disbursements';

export const handler = routeHandler(RequestDisbursement, async (request) =>
  requestDisbursement({ funds, adminUnits, plans, idempotency, transaction }, request.body, commandContext(request)),
);
