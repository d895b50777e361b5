import { statements, statementLines } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListStatementLines } from '../../shared/routes/reconciliation';
import { listLines } from '../../shared/usecases/statements/views';

export const handler = routeHandler(ListStatementLines, async ({ params, query }) => ({
  body: await listLines({ statements, statementLines }, params.id, query),
}));
