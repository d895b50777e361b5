import { statements } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { routeById } from '../../shared/routes';
import { getStatement, statementView } from '../../shared/usecases/statements/review';

export const handler = routeHandler<{ id: string }>(routeById('GetStatement'), async ({ params }) => ({
  body: statementView(await getStatement({ statements }, params.id)),
}));
