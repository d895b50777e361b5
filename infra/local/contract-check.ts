/**
 * The contract check: does an exchange the twin served agree with the OpenAPI document the API
 * publishes? Requests and responses are validated against the document's own JSON Schemas
 * (draft 2020-12, ajv), independently of the zod schemas the handlers parse with, so a
 * document that says something other than what the API does shows up as a mismatch.
 *
 * - Every response: its status is declared for the operation (or, for a path or method the
 *   document does not have, it is a problem), its content type is declared, its body validates
 *   against that status's schema, and the headers the document calls required are there.
 * - Every request the API accepted (a status below 400): the path and query parameters, the
 *   declared headers, the credentials and the body are what the document asks for. A request
 *   the API refused is not a mismatch: refusing bad requests is what the document promises.
 *
 * The twin runs it on every exchange when started with `contractCheck`, or with
 * SOVANG_CONTRACT_CHECK=1: the test suite runs every twin so (test/support/setup-env.ts), and a
 * test file whose traffic disagrees with the document fails when it stops its twin.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, unknown>;

/** One request and the response the twin gave it, as seen on the wire. */
export interface HttpExchange {
  method: string;
  /** The path as requested (percent-encoded), without the query. */
  path: string;
  query: [string, string][];
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  status: number;
  /** Lower-case names. */
  responseHeaders: Record<string, string>;
  responseBody: Buffer;
}

export interface ContractMismatch {
  side: 'request' | 'response';
  /** `GET /v1/funds/{fundId}`, or the path itself when the document has no operation for it. */
  operation: string;
  method: string;
  path: string;
  status: number;
  problems: string[];
}

interface Operation {
  operationId: string;
  parameters?: { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema: Json }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  security?: Record<string, string[]>[];
  responses: Record<string, { headers?: Record<string, { required?: boolean; schema?: Json }>; content?: Record<string, { schema: Json }> }>;
}

export interface OpenApiDocumentShape {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes?: Record<string, { type: string; in?: string; name?: string; scheme?: string }> };
}

const COMPONENTS_ID = 'https://sovang.vn/openapi/components.json';

/** The document's `#/components/schemas/X` as a reference ajv resolves: one schema holds them all under `$defs`. */
function absoluteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(absoluteRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        key === '$ref' && typeof inner === 'string' ? inner.replace('#/components/schemas/', `${COMPONENTS_ID}#/$defs/`) : absoluteRefs(inner),
      ]),
    );
  }
  return value;
}

function newAjv(options: { coerceTypes: boolean }) {
  // Strict, so a schema ajv would read differently from what the document means stops the check; `type` lists are JSON Schema.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, coerceTypes: options.coerceTypes });
  addFormats(ajv);
  // OpenAPI's annotation keyword beside JSON Schema's own.
  ajv.addKeyword({ keyword: 'example' });
  return ajv;
}

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0]!.trim().toLowerCase();

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  return (errors ?? []).map((error) => {
    const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : '';
    return `${where}${error.instancePath} ${error.message}${extra}`;
  });
}

interface CompiledOperation {
  method: string;
  template: string;
  regexp: RegExp;
  /** Fewer template segments first: a concrete path wins over a templated one (OpenAPI 3.1 §4.8.8). */
  templated: number;
  operation: Operation;
}

export function createContractChecker(document: OpenApiDocumentShape) {
  const bodies = newAjv({ coerceTypes: false });
  const parameters = newAjv({ coerceTypes: true });
  for (const ajv of [bodies, parameters]) ajv.addSchema({ $id: COMPONENTS_ID, $defs: absoluteRefs(document.components.schemas) as Json });
  const cache = new Map<string, ValidateFunction>();
  const validator = (ajv: typeof bodies, key: string, schema: Json) => {
    let compiled = cache.get(key);
    if (!compiled) {
      compiled = ajv.compile(absoluteRefs(schema) as Json);
      cache.set(key, compiled);
    }
    return compiled;
  };
  const problem = validator(bodies, 'Problem', { $ref: '#/components/schemas/Problem' });

  const operations: CompiledOperation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
    for (const [method, operation] of Object.entries(methods)) {
      operations.push({ method: method.toUpperCase(), template, regexp: new RegExp(`^${pattern}$`), templated: (template.match(/\{/g) ?? []).length, operation });
    }
  }
  operations.sort((a, b) => a.templated - b.templated);
  // Every schema is compiled now: one the check cannot read fails at the start, not mid-run.
  for (const { method, template, operation } of operations) {
    const key = `${method} ${template}`;
    for (const [status, response] of Object.entries(operation.responses)) {
      for (const [type, content] of Object.entries(response.content ?? {})) validator(bodies, `${key} ${status} ${type}`, content.schema);
    }
    for (const parameter of operation.parameters ?? []) {
      validator(parameters, `${key} ${parameter.in} ${parameter.name}`, { type: 'object', properties: { value: parameter.schema } });
    }
    const json = operation.requestBody?.content['application/json'];
    if (json) validator(bodies, `${key} request application/json`, json.schema);
  }

  function find(method: string, path: string): { compiled: CompiledOperation; params: Record<string, string> } | undefined {
    for (const compiled of operations) {
      if (compiled.method !== method) continue;
      const found = compiled.regexp.exec(path);
      if (found) return { compiled, params: { ...found.groups } };
    }
    return undefined;
  }

  function checkJson(validate: ValidateFunction, text: Buffer, where: string): string[] {
    let value: unknown;
    try {
      value = JSON.parse(text.toString('utf8'));
    } catch {
      return [`${where} is not JSON`];
    }
    return validate(value) ? [] : describe(validate.errors, where);
  }

  function checkResponse(exchange: HttpExchange, operation: Operation | undefined, key: string): string[] {
    const problems: string[] = [];
    const type = mediaType(exchange.responseHeaders['content-type']);
    if (!operation) {
      // Not in the document (an unknown path, a wrong method): the API answers with a problem.
      if (type !== 'application/problem+json') return [`content-type ${type || '(none)'} is not application/problem+json`];
      return checkJson(problem, exchange.responseBody, 'body');
    }
    const statusKey = [String(exchange.status), `${String(exchange.status)[0]}XX`, 'default'].find((candidate) => operation.responses[candidate]);
    if (!statusKey) return [`status ${exchange.status} is not declared`];
    const declared = operation.responses[statusKey]!;
    for (const [name, header] of Object.entries(declared.headers ?? {})) {
      if (header.required && exchange.responseHeaders[name.toLowerCase()] === undefined) problems.push(`header ${name} is required for ${statusKey} but missing`);
    }
    if (!declared.content) {
      if (exchange.responseBody.length) problems.push(`${statusKey} declares no body, but one was sent`);
      return problems;
    }
    const content = declared.content[type];
    if (!content) return [...problems, `content-type ${type || '(none)'} is not declared for ${statusKey} (${Object.keys(declared.content).join(', ')})`];
    // A text answer (CSV) is declared as a string: its declared content type is the check, and it must be UTF-8.
    if (!/[/+]json$/.test(type)) return new TextDecoder('utf-8', { fatal: false }).decode(exchange.responseBody).includes('\uFFFD') ? [...problems, 'body is not UTF-8'] : problems;
    return [...problems, ...checkJson(validator(bodies, `${key} ${statusKey} ${type}`, content.schema), exchange.responseBody, 'body')];
  }

  function satisfiesSecurity(exchange: HttpExchange, security: Operation['security']): boolean {
    if (!security || security.length === 0) return true;
    return security.some((requirement) =>
      Object.keys(requirement).every((name) => {
        const scheme = document.components.securitySchemes?.[name];
        if (scheme?.type === 'http' && scheme.scheme === 'bearer') return /^Bearer\s+\S+$/i.test(exchange.headers.authorization ?? '');
        if (scheme?.type === 'apiKey' && scheme.in === 'header') return Boolean(exchange.headers[scheme.name!.toLowerCase()]);
        return false;
      }),
    );
  }

  function checkRequest(exchange: HttpExchange, operation: Operation, key: string, pathParams: Record<string, string>): string[] {
    const problems: string[] = [];
    const query = new Map<string, string>();
    for (const [name, value] of exchange.query) query.set(name, query.has(name) ? `${query.get(name)},${value}` : value);
    for (const parameter of operation.parameters ?? []) {
      const raw =
        parameter.in === 'path' ? safeDecode(pathParams[parameter.name]) : parameter.in === 'query' ? query.get(parameter.name) : exchange.headers[parameter.name.toLowerCase()];
      const where = `${parameter.in} ${parameter.name}`;
      if (raw === undefined) {
        if (parameter.required) problems.push(`${where} is required but missing`);
        continue;
      }
      const validate = validator(parameters, `${key} ${where}`, { type: 'object', properties: { value: parameter.schema } });
      if (!validate({ value: raw })) problems.push(...describe(validate.errors, where).map((text) => text.replace('/value', '')));
    }
    if (!satisfiesSecurity(exchange, operation.security)) problems.push('accepted without the credentials the document asks for');
    if (operation.requestBody) {
      const type = mediaType(exchange.headers['content-type']);
      const content = operation.requestBody.content[type];
      if (!exchange.body.length) {
        if (operation.requestBody.required) problems.push('the body is required but empty');
      } else if (!content) {
        problems.push(`content-type ${type || '(none)'} is not declared (${Object.keys(operation.requestBody.content).join(', ')})`);
      } else if (type === 'application/json') {
        problems.push(...checkJson(validator(bodies, `${key} request ${type}`, content.schema), exchange.body, 'request body'));
      }
    }
    return problems;
  }

  return {
    /** The operations of the document, as `METHOD /template`. */
    operations: operations.map((o) => `${o.method} ${o.template}`),
    /** The operation an exchange belongs to, or undefined when the document has none for it. */
    operationOf(exchange: Pick<HttpExchange, 'method' | 'path'>): string | undefined {
      const found = find(exchange.method, exchange.path);
      return found && `${found.compiled.method} ${found.compiled.template}`;
    },
    check(exchange: HttpExchange): ContractMismatch[] {
      const found = find(exchange.method, exchange.path);
      const key = found ? `${found.compiled.method} ${found.compiled.template}` : `${exchange.method} ${exchange.path}`;
      const mismatches: ContractMismatch[] = [];
      const base = { operation: key, method: exchange.method, path: exchange.path, status: exchange.status };
      const response = checkResponse(exchange, found?.compiled.operation, key);
      if (response.length) mismatches.push({ side: 'response', ...base, problems: response });
      if (found && exchange.status < 400) {
        const request = checkRequest(exchange, found.compiled.operation, key, found.params);
        if (request.length) mismatches.push({ side: 'request', ...base, problems: request });
      }
      return mismatches;
    },
  };
}

export type ContractChecker = ReturnType<typeof createContractChecker>;

function safeDecode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** One line per mismatch, for a failure message. */
export function formatMismatches(mismatches: readonly ContractMismatch[]): string {
  return mismatches.map((m) => `${m.side} ${m.operation} → ${m.status} (${m.method} ${m.path}): ${m.problems.join('; ')}`).join('\n');
}

/**
 * What a twin keeps of the check: the mismatches, and which statuses each operation answered
 * with (so a test can tell what it exercised).
 */
export function createContractRecorder(checker: ContractChecker) {
  const mismatches: ContractMismatch[] = [];
  const statuses = new Map<string, Set<number>>();
  return {
    mismatches,
    statuses,
    record(exchange: HttpExchange): void {
      const operation = checker.operationOf(exchange) ?? `${exchange.method} (not in the document)`;
      if (!statuses.has(operation)) statuses.set(operation, new Set());
      statuses.get(operation)!.add(exchange.status);
      let found: ContractMismatch[];
      try {
        found = checker.check(exchange);
      } catch (error) {
        // Reported like a mismatch: a check that could not run has not passed.
        const { method, path, status } = exchange;
        found = [{ side: 'response', operation, method, path, status, problems: [`the check failed: ${(error as Error).message}`] }];
      }
      mismatches.push(...found);
    },
  };
}

export type ContractRecorder = ReturnType<typeof createContractRecorder>;
