/**
 * What a route entry is, and `route()`, which keeps each entry's schema types so that the
 * handler made from it (`routeHandler(entry, …)`) knows its params, query, body and response.
 * Imports nothing at run time but the roles (a small domain module): every function bundle
 * carries this file, whatever its area.
 */
import type * as z from 'zod';
import type { Role } from '../domain/committees';

export { ROLES, type Role } from '../domain/committees';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** Who may call a route: anyone, staff with one of the roles (JWT), or an organisation (its API key, or its console sign-in). */
export type Access = { kind: 'public' } | { kind: 'staff'; roles: readonly Role[] } | { kind: 'publicOrApiKey' } | { kind: 'apiKey' };

export interface LocalizedSummary {
  vi: string;
  en: string;
}

/** A group of routes in the OpenAPI document: one per area file of this folder. */
export interface RouteTag {
  name: string;
  description: string;
}

/** One file of this folder: its tag and every route it declares. */
export interface RouteArea {
  tag: RouteTag;
  routes: readonly RouteDef[];
}

/** A rate-based limit. WAF counts windows of 60, 120, 300 or 600 s, and no fewer than 10 requests. */
export interface RateLimit {
  requests: number;
  windowSeconds: 60 | 120 | 300 | 600;
}

export interface RouteSchemas {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body of every success status: `responseStatus` and `alsoAnswers`. */
  response: z.ZodType;
  /** Default 200. */
  responseStatus?: number;
}

export interface RouteDef<S extends RouteSchemas = RouteSchemas> {
  /** Stable name: the CDK construct id, the OpenAPI operationId, the log context. */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/funds/{fundId}`. */
  path: string;
  /** The Lambda entry module, relative to the project root. */
  entry: string;
  access: Access;
  /** The area (`RouteTag.name`) the route is listed under in the OpenAPI document. */
  tag: string;
  summary: LocalizedSummary;
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  /** The body is a file, not JSON: one of these content types, handed to the handler as bytes. */
  fileBody?: { contentTypes: readonly string[] };
  idempotent?: boolean;
  cache?: string;
  schemas: S;
  /** Other success statuses, with the same body as `responseStatus`, and when they are sent. */
  alsoAnswers?: Readonly<Record<number, LocalizedSummary>>;
  /** Headers every success response carries, and what they say (`Location` on a redirect). */
  responseHeaders?: Readonly<Record<string, string>>;
  /** The route also answers `text/csv` (UTF-8 with a BOM) when its query asks for `format=csv`. */
  csv?: boolean;
  /**
   * Callers with neither a staff token nor an organisation key may send this route at most
   * `requests` times per client address in `windowSeconds`: the WAF enforces it in AWS and the
   * twin's server locally (429 with `Retry-After`). On a `public` route, which reads no
   * credentials, every request counts: a made-up `Authorization` header must not buy more tries.
   */
  anonymousRateLimit?: RateLimit;
  /**
   * Every caller together may send one path of this route (one pledge's code) at most `requests`
   * times in `windowSeconds`, whatever their addresses: a secret tied to the path (the contact
   * given with a pledge) is not guessed from many addresses at once. The edge sees requests, not
   * answers, so every attempt counts, right or wrong.
   */
  pathRateLimit?: RateLimit;
  /** Any web page may read the answer (`Access-Control-Allow-Origin: *`): public GET routes of open data only. */
  openCors?: boolean;
}

/**
 * Declares a route, keeping the types of its schemas (`RouteDef` alone would widen them to
 * `z.ZodType`): a handler built from the entry is typed by them.
 */
export function route<S extends RouteSchemas>(definition: RouteDef<S>): RouteDef<S> {
  return definition;
}

type Parsed<S, K extends 'params' | 'query' | 'body'> = S extends { [P in K]: infer T extends z.ZodType } ? z.output<T> : unknown;

/** What the handler of a route gets: its path parameters, query and body as its schemas parse them. */
export interface RouteInput<S extends RouteSchemas> {
  params: Parsed<S, 'params'>;
  query: Parsed<S, 'query'>;
  body: Parsed<S, 'body'>;
}

/** The body a route's handler must answer with: its response schema's type. */
export type RouteResponse<S extends RouteSchemas> = z.output<S['response']>;

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

export const PUBLIC = { kind: 'public' } as const satisfies Access;
export const PUBLIC_OR_API_KEY = { kind: 'publicOrApiKey' } as const satisfies Access;
export const API_KEY = { kind: 'apiKey' } as const satisfies Access;
export const staff = (...roles: Role[]): Access => ({ kind: 'staff', roles });
export const CLERK: Role = 'finance-clerk';
export const APPROVER: Role = 'finance-approver';
export const AUDITOR: Role = 'auditor';
export const ADMIN: Role = 'admin';
