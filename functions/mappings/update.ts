import { funds, idempotency, statementMappings, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { UpdateStatementMapping } from '../../shared/routes/mappings';
import { updateMapping } from '../../shared/usecases/statements/mappings';

export const handler = routeHandler(UpdateStatementMapping, async (request) =>
  updateMapping({ funds, statementMappings, idempotency, transaction }, request.params.id, request.body, commandContext(request)),
);
