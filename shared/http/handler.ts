/**
 * The house HTTP handler: every route's Lambda is `routeHandler(route, useCase)`.
 * Middy runs the Powertools logger and tracer and the problem+json error mapping around a small core
 * that checks the request came through the edge, authenticates the caller, parses the request
 * and serialises the result.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { originHeaderValuesFromSecret } from '../adapters/secrets/origin-header';
import { config } from '../config';
import { logger, powertoolsMiddlewares } from '../observability';
import type { RouteDef, RouteInput, RouteResponse, RouteSchemas } from '../routes/route';
import type { OriginHeaderValues } from '../usecases/ports';
import type { Scope } from '../usecases/scope';
import { authenticate, scopeFor } from './auth';
import { originVerifier } from './origin-verify';
import type { Principal } from './principal';
import { problemResponse } from './problem';
import { lowerCaseHeaders, parseRequest, type ParsedRequest } from './request';

/** What a route's handler gets: the request as the route's schemas parse it, and who sent it. */
export interface RouteRequest<S extends RouteSchemas = RouteSchemas> extends Omit<ParsedRequest, 'params' | 'query' | 'body'>, RouteInput<S> {
  principal: Principal;
  /** The caller's grants of this route's roles: what the use case checks the fund's committee against (DESIGN §12.2). */
  scope: Scope;
}

/**
 * What a route's handler answers: a body of the route's response type, and the status when not
 * the declared one; or, for a route that declares `csv`, the same rows as CSV text.
 */
export type RouteResult<S extends RouteSchemas = RouteSchemas> =
  | { status?: number; body: RouteResponse<S>; headers?: Record<string, string> }
  | { status?: number; csv: { text: string; filename: string }; headers?: Record<string, string> };

const CORS_ANYONE = { 'access-control-allow-origin': '*' };

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

export function toResponse<S extends RouteSchemas>(route: RouteDef<S>, result: RouteResult<S>): Result {
  const common = { 'cache-control': route.cache ?? 'no-store', ...(route.openCors ? CORS_ANYONE : {}) };
  const statusCode = result.status ?? route.schemas.responseStatus ?? 200;
  if ('csv' in result) {
    if (!route.csv) throw new Error(`route ${route.id} does not answer CSV`);
    return {
      statusCode,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `inline; filename="${result.csv.filename}"`, ...common, ...result.headers },
      body: result.csv.text,
    };
  }
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', ...common, ...result.headers }, body: JSON.stringify(result.body) };
}

export interface RouteHandlerOptions {
  /**
   * Where the accepted origin header values come from. Unset: the secret that
   * ORIGIN_VERIFY_SECRET_ARN names, and no check at all without it (the twin, the tests).
   */
  readonly originHeaderValues?: OriginHeaderValues;
}

type OriginCheck = ReturnType<typeof originVerifier>;

function originCheck(options: RouteHandlerOptions): OriginCheck | false {
  if (options.originHeaderValues) return originVerifier(options.originHeaderValues);
  const secretArn = config().ORIGIN_VERIFY_SECRET_ARN;
  return secretArn ? originVerifier(originHeaderValuesFromSecret(secretArn)) : false;
}

/**
 * The Lambda handler of a route. `run` is typed by the route's entry: its request's params, query
 * and body are what the entry's schemas parse, and the body it answers must be of the entry's
 * response type.
 */
export function routeHandler<S extends RouteSchemas>(route: RouteDef<S>, run: (request: RouteRequest<S>) => Promise<RouteResult<S>>, options: RouteHandlerOptions = {}) {
  // Decided at the first request, with the configuration; kept for the container's life, cache included.
  let verifyOrigin: OriginCheck | false | undefined;
  return middy<Event, Result, Error, Context>()
    .use(powertoolsMiddlewares())
    .use(problemDetails())
    .handler(async (event) => {
      logger.appendKeys({ route: route.id });
      const headers = lowerCaseHeaders(event.headers);
      // A request that went around CloudFront and its WAF is turned away before anything else is read.
      verifyOrigin ??= originCheck(options);
      if (verifyOrigin) await verifyOrigin(headers);
      // Who is asking comes next: an anonymous caller learns nothing from validation messages.
      const principal = await authenticate(route, headers);
      const parsed = parseRequest(route, event, headers);
      const result = await run({ ...parsed, principal, scope: scopeFor(route, principal) } as RouteRequest<S>);
      return toResponse(route, result);
    });
}
