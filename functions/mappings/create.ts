import { funds, idempotency, statementMappings, transaction } from '../../shared/adapters/dynamo';
import { commandContext } from '../../shared/http/command-context';
import { routeHandler } from '../../shared/http/handler';
import { CreateStatementMapping } from '../../shared/routes/mappings';
import { createMapping } from '../../shared/usecases/statements/mappings';

export const handler = routeHandler(CreateStatementMapping, async (request) => createMapping({ funds, statementMappings, idempotency, transaction }, request.body, commandContext(request)));
