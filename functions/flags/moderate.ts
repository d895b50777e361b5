import { flags, funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { ModerateFlag } from '../../shared/routes/flags';
import { moderateFlag } from '../../shared/usecases/flags';

export const handler = routeHandler(ModerateFlag, async (request) => moderateFlag({ flags, funds, idempotency, transaction }, request.params.flagId, request.body.decision, commandContext(request)));
