import { dayIndex, funds, pledges, receipts, disbursements, statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { DiscardStatementLine } from '../../shared/routes/reconciliation';
import { discardLine } from '../../shared/usecases/statements/review';

export const handler = routeHandler(DiscardStatementLine, async (request) =>
  discardLine({ statements, statementLines, funds, pledges, receipts, disbursements, dayIndex, idempotency, transaction }, request.params.id, request.params.lineId, request.body, commandContext(request)),
);
