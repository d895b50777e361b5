/**
 * The origin header check: a request that reached the HTTP API around CloudFront (and its WAF)
 * is refused by the house handler before it is authenticated or parsed. Run through the real
 * handler wrapper with the accepted values injected, and through the real Secrets Manager client
 * against a small stand-in for the service's GetSecretValue (its JSON protocol and error shape),
 * which also serves the faults.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../infra/local/lambda-context';
import { originHeaderValuesFromSecret } from '../../shared/adapters/secrets/origin-header';
import { loadConfig } from '../../shared/config';
import { routeHandler, type RouteHandlerOptions } from '../../shared/http/handler';
import { ORIGIN_VALUES_MAX_AGE_MS, ORIGIN_VALUES_RECHECK_AFTER_MS, ORIGIN_VERIFY_HEADER, originVerifier } from '../../shared/http/origin-verify';
import { routeById } from '../../shared/routes';
import type { OriginHeaderValues } from '../../shared/usecases/ports';

const SECRET_ARN = 'arn:aws:secretsmanager:ap-southeast-1:123456789012:secret:OriginVerifyED6A82E8-a1B2c3';
const CURRENT = 'Xq7mN2pL9vR4tK8wZ3bH6jD1fG5sA0cE';
const PREVIOUS = 'Pz4kW8nB2xM6vQ1rT9yL3hJ7dF5gS0aC';

interface Response {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

function event(method: string, path: string, headers: Record<string, string> = {}, body?: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers,
    body,
    isBase64Encoded: false,
    requestContext: { http: { method, path } },
  } as unknown as APIGatewayProxyEventV2;
}

/** A route's handler whose use case only records that it ran. */
function probe(routeId: string, options?: RouteHandlerOptions) {
  const ran: unknown[] = [];
  const handler = routeHandler(routeById(routeId), async (request) => {
    ran.push(request.body);
    return { body: { ran: true } };
  }, options);
  const call = async (request: APIGatewayProxyEventV2) =>
    (await handler(request, lambdaContext({ functionName: routeId, requestId: randomUUID(), timeoutMs: 10_000 }))) as Response;
  return { call, ran };
}

/** Accepted values that can be changed between requests, and how often they were read. */
function acceptedValues(initial: string[]) {
  const state = { values: initial, reads: 0 };
  const read: OriginHeaderValues = async () => {
    state.reads += 1;
    return state.values;
  };
  return { state, read };
}

function expectProblem(response: Response, status: number) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return JSON.parse(response.body) as { status: number; title: string; detail: string; type: string };
}

describe('the origin header check in the house handler', () => {
  it('refuses a request without the header with 403 problem+json, Vietnamese first, without reading the secret or running the route', async () => {
    const values = acceptedValues([CURRENT, PREVIOUS]);
    const { call, ran } = probe('ListFunds', { originHeaderValues: values.read });
    const problem = expectProblem(await call(event('GET', '/v1/funds')), 403);
    expect(problem).toMatchObject({ status: 403, type: 'https://sovang.vn/problems/forbidden', title: 'Không có quyền / Forbidden' });
    expect(problem.detail).toMatch(/^Yêu cầu phải đi qua .+ \/ Requests must come through/);
    expect(ran).toEqual([]);
    expect(values.state.reads).toBe(0);
  });

  it('refuses a wrong value, an empty one, and one that differs only in length', async () => {
    const { call, ran } = probe('ListFunds', { originHeaderValues: acceptedValues([CURRENT, PREVIOUS]).read });
    for (const wrong of ['nope', '', `${CURRENT}x`, CURRENT.slice(0, -1), CURRENT.toLowerCase()]) {
      expectProblem(await call(event('GET', '/v1/funds', { [ORIGIN_VERIFY_HEADER]: wrong })), 403);
    }
    expect(ran).toEqual([]);
  });

  it('runs the route for the current value and for the previous one, whatever case the header name is sent in', async () => {
    const { call, ran } = probe('ListFunds', { originHeaderValues: acceptedValues([CURRENT, PREVIOUS]).read });
    expect((await call(event('GET', '/v1/funds', { [ORIGIN_VERIFY_HEADER]: CURRENT }))).statusCode).toBe(200);
    expect((await call(event('GET', '/v1/funds', { [ORIGIN_VERIFY_HEADER]: PREVIOUS }))).statusCode).toBe(200);
    expect((await call(event('GET', '/v1/funds', { 'X-Origin-Verify': CURRENT }))).statusCode).toBe(200);
    expect(ran).toHaveLength(3);
  });

  it('comes before authentication and parsing: a bad body or a missing token is a 403 until the header is right', async () => {
    const { call } = probe('CreatePledge', { originHeaderValues: acceptedValues([CURRENT]).read });
    const malformed = event('POST', '/v1/pledges', { 'content-type': 'application/json', 'idempotency-key': 'origin-0001' }, '{not json');
    expectProblem(await call(malformed), 403);
    malformed.headers[ORIGIN_VERIFY_HEADER] = CURRENT;
    expectProblem(await call(malformed), 400);

    const staff = probe('GetMe', { originHeaderValues: acceptedValues([CURRENT]).read });
    expectProblem(await staff.call(event('GET', '/v1/me')), 403);
    expectProblem(await staff.call(event('GET', '/v1/me', { [ORIGIN_VERIFY_HEADER]: CURRENT })), 401);
  });

  it('is off when no secret is configured (the twin, the tests): the route runs as before, header or not', async () => {
    expect(process.env.ORIGIN_VERIFY_SECRET_ARN).toBeUndefined();
    const { call, ran } = probe('ListFunds');
    const response = await call(event('GET', '/v1/funds'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(response.body)).toEqual({ ran: true });
    expect((await call(event('GET', '/v1/funds', { [ORIGIN_VERIFY_HEADER]: 'anything' }))).statusCode).toBe(200);
    expect(ran).toHaveLength(2);
  });
});

describe('the accepted values a container keeps', () => {
  function clock() {
    const state = { now: 1_000_000 };
    return { state, now: () => state.now };
  }
  const headers = (value: string) => ({ [ORIGIN_VERIFY_HEADER]: value });

  it('reads them once, and again only when they are older than the cache allows', async () => {
    const time = clock();
    const values = acceptedValues([CURRENT]);
    const verify = originVerifier(values.read, time.now);
    for (let i = 0; i < 5; i++) await verify(headers(CURRENT));
    expect(values.state.reads).toBe(1);
    time.state.now += ORIGIN_VALUES_MAX_AGE_MS - 1;
    await verify(headers(CURRENT));
    expect(values.state.reads).toBe(1);
    time.state.now += 1;
    await verify(headers(CURRENT));
    expect(values.state.reads).toBe(2);
  });

  it('picks up a rotation at the first mismatch once what it holds is older than the recheck delay, and reads once per mismatch at most', async () => {
    const time = clock();
    const values = acceptedValues([PREVIOUS]);
    const verify = originVerifier(values.read, time.now);
    await verify(headers(PREVIOUS));
    // Rotated: the edge now sends the new value, the secret holds it as current.
    values.state.values = [CURRENT, PREVIOUS];
    time.state.now += ORIGIN_VALUES_RECHECK_AFTER_MS - 1;
    await expect(verify(headers(CURRENT))).rejects.toThrow(/Requests must come through/);
    expect(values.state.reads).toBe(1);
    time.state.now += 1;
    await verify(headers(CURRENT));
    expect(values.state.reads).toBe(2);
    // The old value stays accepted until the next rotation, with no further read.
    await verify(headers(PREVIOUS));
    // A wrong value right after a read costs no read: a flood of them cannot run up Secrets Manager calls.
    await expect(verify(headers('forged'))).rejects.toThrow(/Requests must come through/);
    expect(values.state.reads).toBe(2);
  });
});

/** Enough of Secrets Manager for the SDK: GetSecretValue by version stage, over its JSON 1.1 protocol. */
async function secretsManagerStandIn(versions: { AWSCURRENT?: string; AWSPREVIOUS?: string }, options: { error?: string } = {}) {
  const requests: { SecretId: string; VersionStage: string; target: string | undefined }[] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const input = JSON.parse(body) as { SecretId: string; VersionStage: 'AWSCURRENT' | 'AWSPREVIOUS' };
      requests.push({ ...input, target: request.headers['x-amz-target'] as string | undefined });
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      const value = versions[input.VersionStage];
      const error = options.error ?? (value === undefined ? 'ResourceNotFoundException' : undefined);
      if (error) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: error, Message: `${error} for staging label ${input.VersionStage}` }));
        return;
      }
      response.end(JSON.stringify({ ARN: SECRET_ARN, Name: 'OriginVerify', VersionId: randomUUID(), SecretString: value, VersionStages: [input.VersionStage], CreatedDate: 1_767_225_600 }));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((closed) => {
      server.close(() => closed());
      // The SDK keeps its connections alive; waiting for them to idle out would only cost time.
      server.closeAllConnections();
    });
  return { endpoint, requests, close };
}

function clientFor(endpoint: string) {
  return async () =>
    new SecretsManagerClient({ region: 'ap-southeast-1', endpoint, maxAttempts: 1, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
}

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((closed) => server.close(() => closed()));
  return port;
}

describe('reading the accepted values from Secrets Manager', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('accepts the current and the previous version, and only the current one before the first rotation', async () => {
    const rotated = await secretsManagerStandIn({ AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS });
    cleanups.push(rotated.close);
    expect(await originHeaderValuesFromSecret(SECRET_ARN, clientFor(rotated.endpoint))()).toEqual([CURRENT, PREVIOUS]);
    expect(rotated.requests.map((request) => [request.target, request.SecretId, request.VersionStage]).sort()).toEqual([
      ['secretsmanager.GetSecretValue', SECRET_ARN, 'AWSCURRENT'],
      ['secretsmanager.GetSecretValue', SECRET_ARN, 'AWSPREVIOUS'],
    ]);

    const fresh = await secretsManagerStandIn({ AWSCURRENT: CURRENT });
    cleanups.push(fresh.close);
    expect(await originHeaderValuesFromSecret(SECRET_ARN, clientFor(fresh.endpoint))()).toEqual([CURRENT]);
  });

  it('answers 503 with Retry-After, never 500 and never the route, when Secrets Manager is unreachable or refuses', async () => {
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    const denied = await secretsManagerStandIn({ AWSCURRENT: CURRENT }, { error: 'AccessDeniedException' });
    const missing = await secretsManagerStandIn({});
    cleanups.push(denied.close, missing.close);
    for (const endpoint of [unreachable, denied.endpoint, missing.endpoint]) {
      const { call, ran } = probe('ListFunds', { originHeaderValues: originHeaderValuesFromSecret(SECRET_ARN, clientFor(endpoint)) });
      const response = await call(event('GET', '/v1/funds', { [ORIGIN_VERIFY_HEADER]: CURRENT }));
      const problem = expectProblem(response, 503);
      expect(response.headers['retry-after'], endpoint).toBe('5');
      expect(problem.title).toBe('Hệ thống đang bận, vui lòng thử lại / Service busy, retry shortly');
      expect(problem.detail).toMatch(/^Chưa kiểm tra được nguồn .+ \/ Could not verify where the request came from/);
      expect(response.body, 'no internals').not.toMatch(/ECONNREFUSED|AccessDenied|ResourceNotFound|127\.0\.0\.1|arn:aws/);
      expect(ran, endpoint).toEqual([]);
    }
  });

  it('is switched on by ORIGIN_VERIFY_SECRET_ARN alone, reading that secret with the house client', async () => {
    const service = await secretsManagerStandIn({ AWSCURRENT: CURRENT, AWSPREVIOUS: PREVIOUS });
    cleanups.push(service.close);
    vi.stubEnv('ORIGIN_VERIFY_SECRET_ARN', SECRET_ARN);
    // The SDK's own per-service endpoint setting: the house client is used exactly as in Lambda.
    vi.stubEnv('AWS_ENDPOINT_URL_SECRETS_MANAGER', service.endpoint);
    vi.resetModules();
    const { routeHandler: freshRouteHandler } = await import('../../shared/http/handler');
    const handler = freshRouteHandler(routeById('ListFunds'), async () => ({ body: { ran: true } }));
    const call = async (headers: Record<string, string>) =>
      (await handler(event('GET', '/v1/funds', headers), lambdaContext({ functionName: 'ListFunds', requestId: randomUUID(), timeoutMs: 10_000 }))) as Response;
    expectProblem(await call({}), 403);
    expectProblem(await call({ [ORIGIN_VERIFY_HEADER]: 'forged' }), 403);
    expect((await call({ [ORIGIN_VERIFY_HEADER]: CURRENT })).statusCode).toBe(200);
    expect((await call({ [ORIGIN_VERIFY_HEADER]: PREVIOUS })).statusCode).toBe(200);
    expect(new Set(service.requests.map((request) => request.SecretId))).toEqual(new Set([SECRET_ARN]));
  });
});

describe('configuration', () => {
  it('takes a whole secret ARN and refuses anything else at start', () => {
    expect(loadConfig({ TABLE_NAME: 'ledger', ORIGIN_VERIFY_SECRET_ARN: SECRET_ARN }).ORIGIN_VERIFY_SECRET_ARN).toBe(SECRET_ARN);
    expect(loadConfig({ TABLE_NAME: 'ledger' }).ORIGIN_VERIFY_SECRET_ARN).toBeUndefined();
    for (const malformed of ['OriginVerify', '', SECRET_ARN.replace(':secret:', ':parameter:'), 'arn:aws:secretsmanager:ap-southeast-1:1234:secret:x-a1B2c3']) {
      expect(() => loadConfig({ TABLE_NAME: 'ledger', ORIGIN_VERIFY_SECRET_ARN: malformed }), malformed).toThrow(/ORIGIN_VERIFY_SECRET_ARN/);
    }
  });
});
