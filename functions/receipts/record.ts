import { dayIndex, funds, pledges, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { RecordReceipt } from '../../shared/routes/ledger';
import { recordReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler(RecordReceipt, async (request) =>
  recordReceipt({ funds, pledges, dayIndex, idempotency, transaction }, request.body, commandContext(request)),
);
