import { funds, pledges, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import type { RecordReceiptInput } from '../../shared/schemas/ledger';
import { recordReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler<unknown, unknown, RecordReceiptInput>(routeById('RecordReceipt'), async (request) =>
  recordReceipt({ funds, pledges, idempotency, transaction }, request.body, commandContext(request)),
);
