/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
import * as z from 'zod';
import { routes, type RouteDef } from './routes';
import { Problem } from './schemas/common';

type Json = Record<string, unknown>;

/** Named schemas (zod `.meta({ id })`) become shared components instead of inline copies. */
const components: Record<string, Json> = {};

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' ? inner.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(inner),
      ]),
    );
  }
  return value;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _dialect, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  for (const [name, definition] of Object.entries(($defs ?? {}) as Record<string, Json>)) {
    components[io === 'input' && components[name] && !name.endsWith('Input') ? name : name] = rewriteRefs(definition) as Json;
  }
  return rewriteRefs(rest) as Json;
}

function parameters(route: RouteDef): unknown[] {
  const result: unknown[] = [];
  for (const [location, schema] of [
    ['path', route.schemas.params],
    ['query', route.schemas.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      result.push({ name, in: location, required: location === 'path' || (json.required ?? []).includes(name), schema: property });
    }
  }
  if (route.idempotent) {
    result.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      description: 'Same key and body: the stored response again. Same key, different body: 409.',
      schema: { type: 'string', minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
    });
  }
  return result;
}

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const status = String(route.schemas.responseStatus ?? 200);
    const operation: Record<string, unknown> = {
      operationId: route.id,
      summary: route.summary.vi,
      description: route.summary.en,
      parameters: parameters(route),
      'x-access': route.access,
      responses: {
        [status]: {
          description: route.summary.en,
          content: { 'application/json': { schema: route.id === 'GetOpenApi' ? { type: 'object' } : jsonSchema(route.schemas.response, 'output') } },
        },
        '4XX': { description: 'Problem details', content: problemContent },
        '5XX': { description: 'Problem details', content: problemContent },
      },
    };
    if (route.schemas.body) {
      operation.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(route.schemas.body, 'input') } } };
    } else if (route.fileBody) {
      operation.requestBody = {
        required: true,
        content: Object.fromEntries(route.fileBody.contentTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
      };
    }
    if (route.access.kind === 'staff') operation.security = [{ staffJwt: [] }];
    if (route.access.kind === 'publicOrApiKey') operation.security = [{}, { apiKey: [] }];
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sổ Vàng API',
      version: '1.0.0',
      description: 'Theo dõi quỹ ủng hộ và an sinh xã hội minh bạch / Transparent donations and social funds',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { ...components, Problem: jsonSchema(Problem, 'output') },
      securitySchemes: {
        staffJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
      },
    },
  };
}
