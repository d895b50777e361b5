import { funds, idempotency, pledges, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { ModeratePledgeName } from '../../shared/routes/flags';
import { moderatePledgeName } from '../../shared/usecases/moderation';

export const handler = routeHandler(ModeratePledgeName, async (request) =>
  moderatePledgeName({ funds, idempotency, pledges, transaction }, request.params.ref, request.body.decision, commandContext(request)),
);
