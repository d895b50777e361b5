import { routeHandler } from '../../shared/http/handler';
import { GetOpenApi } from '../../shared/routes/docs';

/**
 * The document describes every route, so its builder carries every area's schemas: it is a chunk
 * loaded with the first request, not at cold start (the 300 KB budget of what a cold start loads),
 * and built once per container.
 */
let document: Promise<ReturnType<typeof import('../../shared/openapi').buildOpenApi>> | undefined;

export const handler = routeHandler(GetOpenApi, async () => ({
  body: await (document ??= import('../../shared/openapi').then(({ buildOpenApi }) => buildOpenApi())),
}));
