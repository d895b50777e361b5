import { routeHandler } from '../../shared/http/handler';
import { buildOpenApi } from '../../shared/openapi';
import { routeById } from '../../shared/routes';

const document = buildOpenApi();

export const handler = routeHandler(routeById('GetOpenApi'), async () => ({ body: document }));
