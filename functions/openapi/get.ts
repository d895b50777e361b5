import { routeHandler } from '../../shared/http/handler';
import { buildOpenApi } from '../../shared/openapi';
import { GetOpenApi } from '../../shared/routes/docs';

const document = buildOpenApi();

export const handler = routeHandler(GetOpenApi, async () => ({ body: document }));
