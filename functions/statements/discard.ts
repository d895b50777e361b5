import { dayIndex, funds, pledges, receipts, disbursements, statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { DiscardStatementLine } from '../../shared/routes/reconciliation';
import { requireStatementScope } from '../../shared/usecases/scope';
import { discardLine } from '../../shared/usecases/statements/review';

export const handler = routeHandler(DiscardStatementLine, async (request) => {
  await requireStatementScope({ funds, statements }, request.scope, request.params.id);
  return discardLine({ statements, statementLines, funds, pledges, receipts, disbursements, dayIndex, idempotency, transaction }, request.params.id, request.params.lineId, request.body, commandContext(request));
});
