import type * as z from 'zod';
import { disbursements, idempotency, transaction } from '../adapters/dynamo';
import type { RouteDef } from '../routes/route';
import type { Disbursement, DisbursementParams } from '../schemas/ledger';
import { actOnDisbursement, type ActionInput } from '../usecases/disbursements';
import { commandContext } from './command-context';
import { routeHandler } from './handler';

/** The five disbursement transitions share one handler shape: the route, its body and what the body asks differ. */
export function disbursementActionHandler<B extends z.ZodType>(
  route: RouteDef<{ params: typeof DisbursementParams; body: B; response: typeof Disbursement }>,
  toInput: (body: z.output<B>) => ActionInput,
) {
  return routeHandler(route, async (request) => actOnDisbursement({ disbursements, idempotency, transaction }, request.params.id, toInput(request.body), commandContext(request)));
}
