import { funds, pledges, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CancelPledge } from '../../shared/routes/pledges';
import { cancelPledge } from '../../shared/usecases/pledges';

export const handler = routeHandler(CancelPledge, async (request) =>
  cancelPledge({ pledges, funds, idempotency, transaction }, request.params.ref, request.body.reason, commandContext(request)),
);
