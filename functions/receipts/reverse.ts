import { pledges, receipts, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { reverseReceipt } from '../../shared/usecases/receipts';

export const handler = routeHandler<{ id: string }, unknown, { reason: string }>(routeById('ReverseReceipt'), async (request) =>
  reverseReceipt({ receipts, pledges, idempotency, transaction }, request.params.id, request.body.reason, commandContext(request)),
);
