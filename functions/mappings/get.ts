import { statementMappings } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetStatementMapping } from '../../shared/routes/mappings';
import { getMapping } from '../../shared/usecases/statements/mappings';

export const handler = routeHandler(GetStatementMapping, async ({ params }) => ({ body: await getMapping({ statementMappings }, params.id) }));
