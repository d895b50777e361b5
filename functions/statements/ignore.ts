import { dayIndex, funds, pledges, receipts, disbursements, statements, statementLines, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { IgnoreStatementLine } from '../../shared/routes/reconciliation';
import { ignoreLine } from '../../shared/usecases/statements/review';

export const handler = routeHandler(IgnoreStatementLine, async (request) =>
  ignoreLine({ statements, statementLines, funds, pledges, receipts, disbursements, dayIndex, idempotency, transaction }, request.params.id, request.params.lineId, request.body.reason, commandContext(request)),
);
