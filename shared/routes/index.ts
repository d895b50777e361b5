/**
 * The route table: every area's routes, declared once in the area's own file of this folder.
 * The CDK stateless stack creates one function and one HTTP API route per entry, the local twin
 * routes requests to the same handler modules, and the OpenAPI document describes them. A
 * handler imports only its own area's file, so its bundle carries only that area's schemas.
 */
import { batchesArea } from './batches';
import { campaignsArea } from './campaigns';
import { docsArea } from './docs';
import { flagsArea } from './flags';
import { fundsArea } from './funds';
import { ledgerArea } from './ledger';
import { mappingsArea } from './mappings';
import { openDataArea } from './open-data';
import { organisationsArea } from './organisations';
import { pledgesArea } from './pledges';
import { reconciliationArea } from './reconciliation';
import { reportsArea } from './reports';
import type { RouteArea, RouteDef, RouteTag } from './route';
import { statementsArea } from './statements';

export * from './route';

export const areas: readonly RouteArea[] = [
  fundsArea,
  pledgesArea,
  flagsArea,
  ledgerArea,
  campaignsArea,
  organisationsArea,
  batchesArea,
  reportsArea,
  openDataArea,
  statementsArea,
  reconciliationArea,
  mappingsArea,
  docsArea,
];

export const routes: readonly RouteDef[] = areas.flatMap((area) => area.routes);

export const tags: readonly RouteTag[] = areas.map((area) => area.tag);

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

/** The entry of a route id, for the tools that know routes by name (CDK construct ids, the twin, tests). */
export function routeById(id: string): RouteDef {
  const route = routes.find((r) => r.id === id);
  if (!route) throw new Error(`no route ${id}`);
  return route;
}
