import { dayIndex, funds, pledges, receipts, disbursements, statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { MatchStatementLine } from '../../shared/routes/reconciliation';
import { requireStatementScope } from '../../shared/usecases/scope';
import { matchLine } from '../../shared/usecases/statements/review';

export const handler = routeHandler(MatchStatementLine, async (request) => {
  await requireStatementScope({ funds, statements }, request.scope, request.params.id);
  return matchLine({ statements, statementLines, funds, pledges, receipts, disbursements, dayIndex, idempotency, transaction }, request.params.id, request.params.lineId, request.body, commandContext(request));
});
