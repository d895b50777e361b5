import { disbursements, idempotency, transaction } from '../adapters/dynamo';
import { routeById } from '../routes';
import { actOnDisbursement, type ActionInput } from '../usecases/disbursements';
import { commandContext } from './command-context';
import { routeHandler } from './handler';

/** The five disbursement transitions share one handler shape: the route id and the body differ. */
export function disbursementActionHandler(routeId: string, toInput: (body: Record<string, string>) => ActionInput) {
  return routeHandler<{ id: string }, unknown, Record<string, string>>(routeById(routeId), async (request) =>
    actOnDisbursement({ disbursements, idempotency, transaction }, request.params.id, toInput(request.body), commandContext(request)),
  );
}
