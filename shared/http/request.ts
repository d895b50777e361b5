/**
 * Turns an API Gateway v2 event into validated input for a use case: body size and type,
 * JSON syntax, the zod schemas of the route, and the Idempotency-Key header.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, type FieldError } from '../errors';
import { DEFAULT_MAX_BODY_BYTES, type RouteDef } from '../routes/route';
import { IdempotencyKey } from '../schemas/common';

export interface ParsedRequest {
  params: unknown;
  query: unknown;
  body: unknown;
  headers: Record<string, string>;
  idempotencyKey?: string;
  /** Routes with a `fileBody`: the uploaded bytes as sent. */
  file?: { bytes: Buffer; contentType: string };
  requestId: string;
  path: string;
}

export function zodIssuesToFieldErrors(issues: z.core.$ZodIssue[], root: string): FieldError[] {
  return issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
}

function validate(schema: z.ZodType | undefined, value: unknown, root: string, label: string): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = zodIssuesToFieldErrors(result.error.issues, root);
    throw new ValidationError(`${label}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`, errors);
  }
  return result.data;
}

export function lowerCaseHeaders(headers: APIGatewayProxyEventV2['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
}

/** Not fatal: malformed bytes become U+FFFD and the JSON parser judges what is left. One per module: decoding keeps no state between calls. */
const UTF8 = new TextDecoder('utf-8', { fatal: false });

function readJsonBody(route: RouteDef, event: APIGatewayProxyEventV2, headers: Record<string, string>): unknown {
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (bytes.length > limit) throw new PayloadTooLargeError(limit);
  if (bytes.length === 0) {
    throw new ValidationError('Request body is required', [{ path: 'body', message: 'is required' }]);
  }
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (contentType && contentType !== 'application/json' && !contentType.endsWith('+json')) {
    throw new UnsupportedMediaTypeError(`Content-Type must be application/json, not ${contentType}`);
  }
  const text = UTF8.decode(bytes);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError('Malformed JSON body', [{ path: 'body', message: `is not valid JSON (${(error as Error).message})` }], {
      cause: error,
    });
  }
}

/** A file body (`route.fileBody`): the bytes, under the route's size limit, of an accepted type. JSON is refused. */
function readFileBody(route: RouteDef, event: APIGatewayProxyEventV2, headers: Record<string, string>): { bytes: Buffer; contentType: string } {
  const accepted = route.fileBody!.contentTypes;
  const contentType = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() || 'application/octet-stream';
  if (!accepted.includes(contentType)) {
    throw new UnsupportedMediaTypeError(`Send the file itself as the body, with Content-Type ${accepted.join(', ')}; not ${contentType}`);
  }
  const raw = event.body ?? '';
  const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
  const limit = route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (bytes.length > limit) throw new PayloadTooLargeError(limit);
  return { bytes, contentType };
}

/** `headers`: the event's, lower-cased already by the caller. */
export function parseRequest(route: RouteDef, event: APIGatewayProxyEventV2, headers: Record<string, string> = lowerCaseHeaders(event.headers)): ParsedRequest {
  const request: ParsedRequest = {
    params: validate(route.schemas.params, event.pathParameters ?? {}, 'path', 'Invalid path'),
    query: validate(route.schemas.query, event.queryStringParameters ?? {}, 'query', 'Invalid query'),
    body: undefined,
    headers,
    requestId: event.requestContext?.requestId ?? 'local',
    path: event.rawPath,
  };
  if (route.schemas.body) {
    request.body = validate(route.schemas.body, readJsonBody(route, event, headers), 'body', 'Invalid body');
  } else if (route.fileBody) {
    request.file = readFileBody(route, event, headers);
  }
  if (route.idempotent) {
    request.idempotencyKey = validate(IdempotencyKey, headers['idempotency-key'], 'headers.Idempotency-Key', 'Invalid header') as string;
  }
  return request;
}
