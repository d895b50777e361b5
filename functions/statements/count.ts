import { dayIndex, funds, pledges, receipts, disbursements, statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CountStatementLine } from '../../shared/routes/reconciliation';
import { requireStatementScope } from '../../shared/usecases/scope';

export const handler = routeHandler(CountStatementLine, async (request) => {
  await requireStatementScope({ funds, statements }, request.scope, request.params.id);
  // Counting a held line is a clerk's occasional act: the line planner loads with the first one
  // (DESIGN §13), which keeps this function's cold start within its budget.
  const { countLine } = await import('../../shared/usecases/statements/review');
  return countLine({ statements, statementLines, funds, pledges, receipts, disbursements, dayIndex, idempotency, transaction }, request.params.id, request.params.lineId, request.body, commandContext(request));
});
