import type * as z from 'zod';
import { disbursements, funds, plans, idempotency, transaction } from '../../shared/adapters/dynamo';
import type { RouteDef } from '../../shared/routes/route';
import type { Disbursement, DisbursementParams } from '../../shared/schemas/ledger';
import { actOnDisbursement, type ActionInput } from '../../shared/usecases/disbursements';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';

/** The five disbursement transitions share one handler shape: the route, its body and what the body asks differ. */
export function disbursementActionHandler<B extends z.ZodType>(
  route: RouteDef<{ params: typeof DisbursementParams; body: B; response: typeof Disbursement }>,
  toInput: (body: z.output<B>) => ActionInput,
) {
  return routeHandler(route, async (request) => actOnDisbursement({ disbursements, funds, plans, idempotency, transaction }, request.params.id, toInput(request.body), commandContext(request)));
}
