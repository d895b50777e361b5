import { statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { ignoreLine } from '../../shared/usecases/statements/review';

export const handler = routeHandler<{ id: string; lineId: string }, unknown, { reason: string }>(routeById('IgnoreStatementLine'), async (request) =>
  ignoreLine({ statements, statementLines, idempotency, transaction }, request.params.id, request.params.lineId, request.body.reason, commandContext(request)),
);
