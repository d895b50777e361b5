import { funds, adminUnits, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import type { RequestDisbursementInput } from '../../shared/schemas/ledger';
import { requestDisbursement } from '../../shared/usecases/disbursements';

export const handler = routeHandler<unknown, unknown, RequestDisbursementInput>(routeById('RequestDisbursement'), async (request) =>
  requestDisbursement({ funds, adminUnits, idempotency, transaction }, request.body, commandContext(request)),
);
