import { adminUnits, committees, idempotency, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CreateCommittee } from '../../shared/routes/campaigns';
import { createCommittee } from '../../shared/usecases/committees';

export const handler = routeHandler(CreateCommittee, async (request) =>
  createCommittee({ committees, adminUnits, idempotency, transaction }, request.body, commandContext(request)),
);
