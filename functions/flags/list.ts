import { flags, funds } from '../../shared/adapters/dynamo';
import { routeHandler } from '../../shared/http/handler';
import { ListFlags } from '../../shared/routes/flags';
import { listPublicFlags } from '../../shared/usecases/flags';

export const handler = routeHandler(ListFlags, async ({ params }) => ({ body: await listPublicFlags({ funds, flags }, params.fundId) }));
