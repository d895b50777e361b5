/**
 * The route table, declared once. The CDK stateless stack creates one function and one
 * HTTP API route per entry; the local twin routes requests to the same handler modules.
 */
import type { z } from 'zod';
import { AdminUnitList, AdminUnitQuery, Fund, FundList, FundParams } from './schemas/funds';
import { CreatePledgeBody, PledgeCreated, PledgeRefParams, PublicPledge } from './schemas/pledges';

export type HttpMethod = 'GET' | 'POST';
export type Role = 'finance-clerk' | 'finance-approver' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['finance-clerk', 'finance-approver', 'auditor', 'admin'];

/** Who may call a route: anyone, staff with one of the roles (JWT), or an organisation's API key. */
export type Access = { kind: 'public' } | { kind: 'staff'; roles: readonly Role[] } | { kind: 'publicOrApiKey' };

export interface RouteDef {
  /** Stable name: the CDK construct id, the OpenAPI operationId, the log context. */
  id: string;
  method: HttpMethod;
  /** API Gateway path syntax: `/v1/funds/{fundId}`. */
  path: string;
  /** The Lambda entry module, relative to the project root. */
  entry: string;
  access: Access;
  summary: { vi: string; en: string };
  /** Largest accepted request body. */
  maxBodyBytes?: number;
  idempotent?: boolean;
  cache?: string;
  schemas: {
    params?: z.ZodType;
    query?: z.ZodType;
    body?: z.ZodType;
    response: z.ZodType;
    responseStatus?: number;
  };
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const PUBLIC = { kind: 'public' } as const;

export const routes: readonly RouteDef[] = [
  {
    id: 'ListFunds',
    method: 'GET',
    path: '/v1/funds',
    entry: 'functions/funds/list.ts',
    access: PUBLIC,
    summary: { vi: 'Danh sách quỹ và số liệu', en: 'List funds with live totals' },
    cache: 'public, max-age=5, stale-while-revalidate=30',
    schemas: { response: FundList },
  },
  {
    id: 'GetFund',
    method: 'GET',
    path: '/v1/funds/{fundId}',
    entry: 'functions/funds/get.ts',
    access: PUBLIC,
    summary: { vi: 'Chi tiết một quỹ', en: 'One fund with live totals' },
    cache: 'public, max-age=5, stale-while-revalidate=30',
    schemas: { params: FundParams, response: Fund },
  },
  {
    id: 'SearchAdminUnits',
    method: 'GET',
    path: '/v1/admin-units',
    entry: 'functions/admin-units/search.ts',
    access: PUBLIC,
    summary: { vi: 'Tìm xã, phường, đặc khu (không dấu cũng được)', en: 'Search communes and wards, diacritic-insensitive' },
    cache: 'public, max-age=86400',
    schemas: { query: AdminUnitQuery, response: AdminUnitList },
  },
  {
    id: 'CreatePledge',
    method: 'POST',
    path: '/v1/pledges',
    entry: 'functions/pledges/create.ts',
    access: { kind: 'publicOrApiKey' },
    summary: { vi: 'Đăng ký ủng hộ', en: 'Pledge a donation' },
    idempotent: true,
    schemas: { body: CreatePledgeBody, response: PledgeCreated, responseStatus: 201 },
  },
  {
    id: 'GetPledge',
    method: 'GET',
    path: '/v1/pledges/{ref}',
    entry: 'functions/pledges/get.ts',
    access: PUBLIC,
    summary: { vi: 'Tra cứu khoản ủng hộ theo mã', en: 'Check a donation by its reference code' },
    cache: 'public, max-age=5',
    schemas: { params: PledgeRefParams, response: PublicPledge },
  },
  {
    id: 'GetOpenApi',
    method: 'GET',
    path: '/v1/openapi.json',
    entry: 'functions/openapi/get.ts',
    access: PUBLIC,
    summary: { vi: 'Tài liệu OpenAPI 3.1', en: 'OpenAPI 3.1 document' },
    cache: 'public, max-age=300',
    schemas: { response: {} as z.ZodType },
  },
];

/** The catch-all handler: problem+json 404 and 405 for anything the table does not declare. */
export const fallbackEntry = 'functions/fallback/not-found.ts';

export interface RouteMatch {
  route: RouteDef;
  pathParameters: Record<string, string>;
}

function toRegExp(path: string): RegExp {
  const pattern = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${pattern.replace(/\\\{|\\\}/g, '')}$`);
}

const compiled = routes.map((route) => ({ route, regexp: toRegExp(route.path) }));

/** Finds the route for a request, or tells which methods the path allows. */
export function matchRoute(method: string, path: string): RouteMatch | { allow: string[] } | null {
  const allow: string[] = [];
  for (const { route, regexp } of compiled) {
    const found = regexp.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      allow.push(route.method);
      continue;
    }
    const pathParameters: Record<string, string> = {};
    for (const [key, value] of Object.entries(found.groups ?? {})) {
      try {
        pathParameters[key] = decodeURIComponent(value);
      } catch {
        pathParameters[key] = value;
      }
    }
    return { route, pathParameters };
  }
  return allow.length ? { allow } : null;
}

export function routeById(id: string): RouteDef {
  const route = routes.find((r) => r.id === id);
  if (!route) throw new Error(`no route ${id}`);
  return route;
}
