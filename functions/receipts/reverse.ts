import { funds, pledges, receipts, statementLines, statements, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { ReverseReceipt } from '../../shared/routes/ledger';
import { reverseReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler(ReverseReceipt, async (request) =>
  reverseReceipt({ receipts, pledges, funds, statements, statementLines, idempotency, transaction }, request.params.id, request.body.reason, commandContext(request)),
);
