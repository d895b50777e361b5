/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas: every route's
 * parameters, body and responses (success and problem+json), who may call it, and its area.
 */
import * as z from 'zod';
import type { OpenApiDocument } from './routes/docs';
import { routes, tags, type Access, type RouteDef } from './routes';
import { Problem } from './schemas/problem';

type Json = Record<string, unknown>;

function rewriteRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, names));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => {
        if (key !== '$ref' || typeof inner !== 'string' || !inner.startsWith('#/$defs/')) return [key, rewriteRefs(inner, names)];
        const name = inner.slice('#/$defs/'.length);
        return [key, `#/components/schemas/${names.get(name) ?? name}`];
      }),
    );
  }
  return value;
}

/**
 * `components.schemas`: a schema named with `.meta({ id })` is described once and referred to.
 * A request schema and a response schema of the same name can differ (defaults make a field
 * optional in a request and present in a response): the response's is then `<id>Output`.
 */
class Components {
  readonly schemas: Record<string, Json> = {};

  jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
    const { $schema: _dialect, $defs, ...root } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
    const definitions = ($defs ?? {}) as Record<string, Json>;
    const names = new Map<string, string>();
    for (const [id, definition] of Object.entries(definitions)) {
      const name = this.nameFor(id, definition, definitions, io);
      names.set(id, name);
    }
    for (const [id, definition] of Object.entries(definitions)) this.schemas[names.get(id)!] = rewriteRefs(definition, names) as Json;
    return rewriteRefs(root, names) as Json;
  }

  private nameFor(id: string, definition: Json, definitions: Record<string, Json>, io: 'input' | 'output'): string {
    const same = (name: string) => !this.schemas[name] || JSON.stringify(this.schemas[name]) === JSON.stringify(rewriteRefs(definition, new Map()));
    if (same(id)) return id;
    const output = `${id}Output`;
    if (io === 'output' && same(output)) return output;
    throw new Error(`Two different schemas are named ${id} (${Object.keys(definitions).join(', ')}): give one another id`);
  }
}

function parameters(route: RouteDef, components: Components): Json[] {
  const result: Json[] = [];
  for (const [location, schema] of [
    ['path', route.schemas.params],
    ['query', route.schemas.query],
  ] as const) {
    if (!schema) continue;
    const json = components.jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
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

/** `[]` is "no credentials"; two requirements are alternatives. */
function security(access: Access): Json[] {
  switch (access.kind) {
    case 'public':
      return [];
    case 'staff':
      return [{ staffJwt: [] }];
    case 'apiKey':
      // An organisation's key, or a person signed in to the console for the organisation.
      return [{ apiKey: [] }, { staffJwt: [] }];
    case 'publicOrApiKey':
      return [{}, { apiKey: [] }];
  }
}

function describeAccess(access: Access): string {
  switch (access.kind) {
    case 'public':
      return 'Anyone.';
    case 'staff':
      return `Staff with the role ${access.roles.join(' or ')} (Bearer JWT).`;
    case 'apiKey':
      return "An organisation's API key (x-api-key), or a console sign-in for the organisation (Bearer JWT whose groups name org:<orgId>).";
    case 'publicOrApiKey':
      return "Anyone; with an organisation's API key (x-api-key), as that organisation.";
  }
}

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };
const problem = (description: string, headers?: Json): Json => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/problem+json': { schema: PROBLEM_REF } },
});
const stringHeader = (description: string): Json => ({ description, required: true, schema: { type: 'string' } });

function rateLimitsOf(route: RouteDef): string {
  const { anonymousRateLimit: perAddress, pathRateLimit: perPath } = route;
  const who = route.access.kind === 'public' ? '' : 'Without a key or token, ';
  return [
    perAddress && `${who}at most ${perAddress.requests} requests per client address in ${perAddress.windowSeconds} s`,
    perPath && `at most ${perPath.requests} requests for one path, from every address together, in ${perPath.windowSeconds} s`,
  ]
    .filter(Boolean)
    .join('; ')
    .replace(/^a/, 'A');
}

function responses(route: RouteDef, components: Components): Json {
  const schema = components.jsonSchema(route.schemas.response, 'output');
  const headers = route.responseHeaders
    ? { headers: Object.fromEntries(Object.entries(route.responseHeaders).map(([name, description]) => [name[0]!.toUpperCase() + name.slice(1), stringHeader(description)])) }
    : {};
  const csv = route.csv ? { 'text/csv': { schema: { type: 'string', description: 'The same rows as the JSON items, one per line, UTF-8 with a BOM (format=csv)' } } } : {};
  const success = (description: string) => ({ description, ...headers, content: { 'application/json': { schema }, ...csv } });
  return {
    [String(route.schemas.responseStatus ?? 200)]: success(route.summary.en),
    ...Object.fromEntries(Object.entries(route.alsoAnswers ?? {}).map(([status, summary]) => [status, success(summary.en)])),
    ...(route.access.kind === 'public'
      ? {}
      : { '401': problem('No credentials, or credentials that are not valid', { 'WWW-Authenticate': stringHeader('Bearer') }) }),
    ...(route.anonymousRateLimit || route.pathRateLimit
      ? {
          '429': problem(rateLimitsOf(route), {
            'Retry-After': stringHeader('Seconds to wait before retrying'),
          }),
        }
      : {}),
    '4XX': problem('The request cannot be served: the problem names the field or the state at fault'),
    '503': problem('The database is busy or unavailable: retry after the given seconds', { 'Retry-After': stringHeader('Seconds to wait before retrying') }),
    '5XX': problem('The server failed; the problem carries no internals'),
  };
}

function requestBody(route: RouteDef, components: Components): Json | undefined {
  if (route.schemas.body) return { required: true, content: { 'application/json': { schema: components.jsonSchema(route.schemas.body, 'input') } } };
  if (route.fileBody) {
    return {
      required: true,
      content: Object.fromEntries(route.fileBody.contentTypes.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
    };
  }
  return undefined;
}

export function buildOpenApi(): z.output<typeof OpenApiDocument> {
  const components = new Components();
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const body = requestBody(route, components);
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.id,
      summary: route.summary.vi,
      description: `${route.summary.en}. ${describeAccess(route.access)}`,
      tags: [route.tag],
      parameters: parameters(route, components),
      ...(body ? { requestBody: body } : {}),
      'x-access': route.access,
      security: security(route.access),
      responses: responses(route, components),
    };
  }
  components.jsonSchema(Problem, 'output');
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sổ Vàng API',
      version: '1.0.0',
      description: 'Theo dõi quỹ ủng hộ và an sinh xã hội minh bạch / Transparent donations and social funds',
    },
    servers: [{ url: '/' }],
    tags: tags.map((tag) => ({ name: tag.name, description: tag.description })),
    paths,
    components: {
      schemas: components.schemas,
      securitySchemes: {
        staffJwt: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'A staff ID token (Cognito): grants `scope:<committeeId>:<role>[:children]` in its cognito:groups claim or its custom:scopes attribute (a bare role is the central committee’s, with its children); `org:<orgId>` signs in for an organisation',
        },
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key', description: "An organisation's API key, issued by an admin" },
      },
    },
  };
}
