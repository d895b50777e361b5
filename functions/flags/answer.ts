import { flags, funds, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { AnswerFlag } from '../../shared/routes/flags';
import { answerFlag } from '../../shared/usecases/flags';

export const handler = routeHandler(AnswerFlag, async (request) => answerFlag({ flags, funds, idempotency, transaction }, request.params.flagId, request.body.text, commandContext(request)));
