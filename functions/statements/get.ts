import { funds, statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetStatement } from '../../shared/routes/statements';
import { requireStatementScope } from '../../shared/usecases/scope';
import { getStatement, statementView } from '../../shared/usecases/statements/views';

export const handler = routeHandler(GetStatement, async ({ params, scope }) => {
  await requireStatementScope({ funds, statements }, scope, params.id);
  return { body: statementView(await getStatement({ statements }, params.id)) };
});
