import { funds, pledges, receipts, disbursements, statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { matchLine, type MatchBody } from '../../shared/usecases/statements/review';

export const handler = routeHandler<{ id: string; lineId: string }, unknown, MatchBody>(routeById('MatchStatementLine'), async (request) =>
  matchLine({ statements, statementLines, funds, pledges, receipts, disbursements, idempotency, transaction }, request.params.id, request.params.lineId, request.body, commandContext(request)),
);
