/** The `$default` route: anything the route table does not declare gets problem+json, never a bare 404. */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MethodNotAllowedError, RouteNotFoundError } from '../../shared/errors';
import { problemResponse } from '../../shared/http/problem';
import { powertoolsMiddlewares } from '../../shared/observability';

export const handler = middy<APIGatewayProxyEventV2>()
  .use(powertoolsMiddlewares())
  .handler(async (event) => {
    const method = event.requestContext?.http?.method ?? 'GET';
    const path = event.rawPath ?? '/';
    // The route table carries every route's schemas: loaded with the first stray request, it keeps
    // this function's cold start within its budget (DESIGN §13).
    const { matchRoute } = await import('../../shared/routes');
    const match = matchRoute(method, path);
    const error =
      match && 'allow' in match
        ? new MethodNotAllowedError(`${method} is not allowed on ${path}; use ${match.allow.join(', ')}`, match.allow)
        : new RouteNotFoundError(`Không có đường dẫn ${path} / No route ${method} ${path}`);
    return problemResponse(error, path);
  });
