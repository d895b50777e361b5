/** The API's own description: the OpenAPI document generated from every entry of this folder. */
import * as z from 'zod';
import { PUBLIC, route, type RouteArea, type RouteTag } from './route';

export const DOCS_TAG: RouteTag = { name: 'API', description: 'Tài liệu OpenAPI của chính API này / This API’s OpenAPI document' };

export const OpenApiDocument = z
  .looseObject({
    openapi: z.string(),
    info: z.looseObject({ title: z.string(), version: z.string() }),
    paths: z.record(z.string(), z.record(z.string(), z.unknown())),
    components: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'OpenApiDocument', description: 'An OpenAPI 3.1 document' });

export const GetOpenApi = route({
  id: 'GetOpenApi',
  method: 'GET',
  path: '/v1/openapi.json',
  entry: 'functions/openapi/get.ts',
  access: PUBLIC,
  tag: DOCS_TAG.name,
  summary: { vi: 'Tài liệu OpenAPI 3.1', en: 'OpenAPI 3.1 document' },
  cache: 'public, max-age=300',
  schemas: { response: OpenApiDocument },
});

export const docsArea: RouteArea = {
  tag: DOCS_TAG,
  routes: [GetOpenApi],
};
