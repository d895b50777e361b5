import { dayIndex, funds, pledges, receipts, disbursements, statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { MatchStatementLine } from '../../shared/routes/reconciliation';
import { requireStatementScope } from '../../shared/usecases/scope';

export const handler = routeHandler(MatchStatementLine, async (request) => {
  await requireStatementScope({ funds, statements }, request.scope, request.params.id);
  // Matching a held line by hand is a clerk's occasional act: the line planner loads with the
  // first one (DESIGN §13), which keeps this function's cold start within its budget.
  const { matchLine } = await import('../../shared/usecases/statements/review');
  return matchLine({ statements, statementLines, funds, pledges, receipts, disbursements, dayIndex, idempotency, transaction }, request.params.id, request.params.lineId, request.body, commandContext(request));
});
