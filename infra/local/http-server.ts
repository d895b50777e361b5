/**
 * The twin's HTTP front door: it does what API Gateway's HTTP API does in AWS. Each request
 * becomes an API Gateway v2 event, the route table picks the handler module that Lambda runs,
 * and the handler's result becomes the response.
 */
import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { PayloadTooLargeError, RequestHeadersTooLargeError, ServiceUnavailableError, TooManyRequestsError, ValidationError } from '../../shared/errors';
import { problemResponse } from '../../shared/http/problem';
import { fallbackEntry, matchRoute, routes } from '../../shared/routes';
import type { HttpExchange } from './contract-check';
import { lambdaContext } from './lambda-context';
import type { RateLimiter } from './rate-limit';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2 | string>;

/** API Gateway's own payload limit; routes set smaller ones themselves. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;
const TEXT_TYPES = /^(application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml)|text\/)/i;

const STATIC_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export interface TwinHttpOptions {
  root: string;
  port: number;
  host?: string;
  /** Built web app, served at `/` as CloudFront serves it in AWS. */
  webDir?: string;
  /** Extra routes of the twin itself (token issuer, JWKS). */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
  onRequest?: (summary: { method: string; path: string; status: number; ms: number }) => void;
  /** Every API exchange (a route, the fallback, or the gateway's own error) with its bodies: the contract check. */
  onExchange?: (exchange: HttpExchange) => void;
  /** The WAF's rate-based rules of the routes (`anonymousRateLimit`); none when absent. */
  rateLimiter?: RateLimiter;
}

const handlers = new Map<string, Promise<Handler>>();

function loadHandler(root: string, entry: string): Promise<Handler> {
  let loaded = handlers.get(entry);
  if (!loaded) {
    loaded = import(pathToFileURL(resolve(root, entry)).href).then((module) => module.handler as Handler);
    handlers.set(entry, loaded);
  }
  return loaded;
}


async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY_BYTES) throw new PayloadTooLargeError(GATEWAY_MAX_BODY_BYTES);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function toEvent(req: IncomingMessage, url: URL, body: Buffer, routeKey: string, pathParameters?: Record<string, string>): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = name in query ? `${query[name]},${value}` : value;
  const contentType = headers['content-type'] ?? '';
  const isText = body.length === 0 || TEXT_TYPES.test(contentType) || contentType === '';
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    cookies: req.headers.cookie?.split(';').map((c) => c.trim()),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: body.length > 0 && !isText,
  };
}

interface Sent {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string): Sent {
  const structured: APIGatewayProxyStructuredResultV2 =
    typeof result === 'string' ? { statusCode: 200, body: result, headers: { 'content-type': 'application/json' } } : result;
  const status = structured.statusCode ?? 200;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(structured.headers ?? {})) headers[name.toLowerCase()] = String(value);
  const body = structured.body ? Buffer.from(structured.body, structured.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  res.writeHead(status, structured.cookies?.length ? { ...headers, 'set-cookie': structured.cookies } : headers);
  res.end(body);
  return { status, headers, body };
}

async function serveStatic(webDir: string, url: URL, res: ServerResponse): Promise<number | null> {
  const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const file = normalize(join(webDir, relative));
  if (!file.startsWith(resolve(webDir))) return null;
  for (const candidate of [file, join(webDir, 'index.html')]) {
    try {
      const content = await readFile(candidate);
      const type = STATIC_TYPES[extname(candidate)] ?? 'application/octet-stream';
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache' });
      res.end(content);
      return 200;
    } catch {
      // An unknown path falls back to the single-page app, as CloudFront's error response does.
      if (extname(relative)) return null;
    }
  }
  return null;
}

/**
 * Node refuses a request it cannot parse (headers over its 16 kB limit, a broken request line)
 * before any route sees it, by default with an empty body. The client gets a problem instead, as
 * from every other refusal.
 */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const refusal =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new RequestHeadersTooLargeError('Phần đầu yêu cầu vượt 16 kB / Request headers are over 16 kB')
      : new ValidationError('Không đọc được yêu cầu HTTP / The HTTP request cannot be parsed', [{ path: 'request', message: error.code ?? 'malformed' }]);
  const problem = problemResponse(refusal);
  const head = [`HTTP/1.1 ${problem.statusCode} ${STATUS_CODES[problem.statusCode]}`, ...Object.entries(problem.headers).map(([name, value]) => `${name}: ${value}`)];
  socket.end(`${[...head, `content-length: ${Buffer.byteLength(problem.body)}`, 'connection: close'].join('\r\n')}\r\n\r\n${problem.body}`);
}

export async function startTwinHttp(options: TwinHttpOptions): Promise<Server & { url: string }> {
  const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
    let status = 500;
    let requestBody: Buffer = Buffer.alloc(0);
    let sent: Sent | undefined;
    try {
      if (options.extraRoutes && (await options.extraRoutes(req, res, url))) {
        status = res.statusCode;
        return;
      }
      const method = req.method ?? 'GET';
      const match = matchRoute(method, url.pathname);
      if (options.webDir && method === 'GET' && !url.pathname.startsWith('/v1/') && !match) {
        const served = await serveStatic(options.webDir, url, res);
        if (served) {
          status = served;
          return;
        }
      }
      requestBody = await readBody(req);
      const requestId = randomUUID();
      if (match && 'route' in match) {
        options.rateLimiter?.admit(match.route, req);
        const handler = await loadHandler(options.root, match.route.entry);
        const event = toEvent(req, url, requestBody, `${match.route.method} ${match.route.path}`, match.pathParameters);
        sent = send(res, await handler(event, lambdaContext({ functionName: match.route.id, requestId, timeoutMs: 29_000 })));
      } else {
        const handler = await loadHandler(options.root, fallbackEntry);
        sent = send(res, await handler(toEvent(req, url, requestBody, '$default'), lambdaContext({ functionName: 'Fallback', requestId, timeoutMs: 29_000 })));
      }
      status = sent.status;
    } catch (error) {
      // Only the twin itself can get here (a handler maps its own errors): answer as the gateway would.
      const edgeRefusal = error instanceof PayloadTooLargeError || error instanceof TooManyRequestsError;
      const mapped = edgeRefusal ? error : new ServiceUnavailableError('The local gateway failed to invoke the handler', 1, { cause: error });
      if (!edgeRefusal) console.error('[twin] handler invocation failed', error);
      if (!res.headersSent) {
        sent = send(res, problemResponse(mapped, url.pathname));
        status = sent.status;
      }
    } finally {
      if (sent && options.onExchange) {
        options.onExchange({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: [...url.searchParams],
          headers: lowerCaseRequestHeaders(req),
          body: requestBody,
          status: sent.status,
          responseHeaders: sent.headers,
          responseBody: sent.body,
        });
      }
      options.onRequest?.({ method: req.method ?? 'GET', path: url.pathname, status, ms: Date.now() - started });
    }
  });
  server.on('clientError', answerUnparsable);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  const { port } = server.address() as { port: number };
  return Object.assign(server, { url: `http://127.0.0.1:${port}` });
}

function lowerCaseRequestHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  return headers;
}

export const declaredRoutes = routes;
