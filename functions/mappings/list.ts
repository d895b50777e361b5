import { statementMappings } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListStatementMappings } from '../../shared/routes/mappings';
import { listMappings } from '../../shared/usecases/statements/mappings';

export const handler = routeHandler(ListStatementMappings, async () => ({ body: await listMappings({ statementMappings }) }));
