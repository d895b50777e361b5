/**
 * The house HTTP handler: every route's Lambda is `routeHandler(route, useCase)`.
 * Middy runs the Powertools logger and tracer and the problem+json error mapping around a small core
 * that parses the request, authenticates the caller and serialises the result.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger, powertoolsMiddlewares } from '../observability';
import type { RouteDef } from '../routes';
import { authenticate } from './auth';
import type { Principal } from './principal';
import { problemResponse } from './problem';
import { lowerCaseHeaders, parseRequest, type ParsedRequest } from './request';

export interface RouteRequest<P = unknown, Q = unknown, B = unknown> extends Omit<ParsedRequest, 'params' | 'query' | 'body'> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
}

export interface RouteResult {
  status?: number;
  body: unknown;
  headers?: Record<string, string>;
}

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

function problemDetails(): middy.MiddlewareObj<Event, Result> {
  return {
    onError: async (request) => {
      const response = problemResponse(request.error, request.event.rawPath);
      if (response.statusCode >= 500) {
        logger.error('request failed', { error: request.error as Error, status: response.statusCode });
      } else {
        logger.info('request rejected', { status: response.statusCode, detail: (request.error as Error).message });
      }
      request.response = response;
    },
  };
}

export function toResponse(route: RouteDef, result: RouteResult): Result {
  return {
    statusCode: result.status ?? route.schemas.responseStatus ?? 200,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': route.cache ?? 'no-store',
      ...result.headers,
    },
    body: JSON.stringify(result.body),
  };
}

export function routeHandler<P = unknown, Q = unknown, B = unknown>(
  route: RouteDef,
  run: (request: RouteRequest<P, Q, B>) => Promise<RouteResult>,
) {
  return middy<Event, Result, Error, Context>()
    .use(powertoolsMiddlewares())
    .use(problemDetails())
    .handler(async (event) => {
      logger.appendKeys({ route: route.id });
      // Who is asking comes first: an anonymous caller learns nothing from validation messages.
      const principal = await authenticate(route, lowerCaseHeaders(event.headers));
      const parsed = parseRequest(route, event);
      const result = await run({ ...parsed, principal } as RouteRequest<P, Q, B>);
      return toResponse(route, result);
    });
}
