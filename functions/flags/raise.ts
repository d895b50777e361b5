import { disbursements, flags, funds, idempotency, journal, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { RaiseFlag } from '../../shared/routes/flags';
import { raiseFlag } from '../../shared/usecases/flags';

export const handler = routeHandler(RaiseFlag, async (request) =>
  raiseFlag({ disbursements, flags, funds, idempotency, journal, transaction }, request.params.fundId, request.body, commandContext(request)),
);
