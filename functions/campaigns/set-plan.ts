import { adminUnits, funds, idempotency, plans, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { SetPlan } from '../../shared/routes/campaigns';
import { setPlan } from '../../shared/usecases/plans';

export const handler = routeHandler(SetPlan, async (request) =>
  setPlan({ funds, plans, adminUnits, idempotency, transaction }, request.params.fundId, request.body, commandContext(request)),
);
