import { funds, statements, statementLines } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListStatementLines } from '../../shared/routes/reconciliation';
import { requireStatementScope } from '../../shared/usecases/scope';
import { listLines } from '../../shared/usecases/statements/views';

export const handler = routeHandler(ListStatementLines, async ({ params, query, scope }) => {
  await requireStatementScope({ funds, statements }, scope, params.id);
  return { body: await listLines({ statements, statementLines }, params.id, query) };
});
