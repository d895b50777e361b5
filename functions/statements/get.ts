import { statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { GetStatement } from '../../shared/routes/statements';
import { getStatement, statementView } from '../../shared/usecases/statements/views';

export const handler = routeHandler(GetStatement, async ({ params }) => ({
  body: statementView(await getStatement({ statements }, params.id)),
}));
