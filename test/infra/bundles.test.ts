/** The house build (infra/constructs/bundles.ts): its module replacements, and what a cold start of a bundle loads. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bundleEntry, loadedAtStart } from '../../infra/constructs/bundles';
import { PROJECT_ROOT } from '../../infra/constructs/house-function';
import { gte } from '../../infra/constructs/semver-gte';
import { lambdaContext } from '../../infra/local/lambda-context';
import { createTokenIssuer } from '../../infra/local/token-issuer';

const outdir = mkdtempSync(join(tmpdir(), 'sovang-bundles-'));
// Bundles leave the AWS SDK to the runtime: one built inside the project resolves it from node_modules.
const insideProject = join(PROJECT_ROOT, '.data', 'test', `bundles-${process.pid}`);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
  rmSync(insideProject, { recursive: true, force: true });
});

describe('the semver replacement', () => {
  it('answers the X-Ray SDK’s one question: is this AWS SDK v2 at least the version it needs', () => {
    expect(gte('2.1692.0', '2.7.15')).toBe(true);
    expect(gte('2.7.15', '2.7.15')).toBe(true);
    expect(gte('2.7.9', '2.7.15')).toBe(false);
    expect(gte('1.40.0', '2.7.15')).toBe(false);
  });

  it('stops the build of a bundle where any other module imports semver', () => {
    expect(() => bundleEntry(PROJECT_ROOT, 'test/fixtures/bundles/requires-semver.cjs', join(outdir, 'requires-semver'))).toThrow(
      /test\/fixtures\/bundles\/requires-semver\.cjs imports semver/,
    );
  });
});

describe('the token check of staff routes', () => {
  it('is a chunk a cold start does not load, which the bundle loads to verify a token', async () => {
    const dir = join(insideProject, 'GetMe');
    mkdirSync(dir, { recursive: true });
    const files = bundleEntry(PROJECT_ROOT, 'functions/staff/me.ts', dir).filter((file) => file.endsWith('.mjs'));
    const deferred = files.filter((file) => !loadedAtStart(dir).includes(file));
    expect(deferred.map((file) => readFileSync(join(dir, file), 'utf8')).join('\n')).toContain('JWKSNoMatchingKey');
    expect(loadedAtStart(dir).map((file) => readFileSync(join(dir, file), 'utf8')).join('\n')).not.toContain('JWKSNoMatchingKey');

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const tokens = await createTokenIssuer({ port });
    server.on('request', (req, res) => void tokens.handle(req, res, new URL(req.url ?? '/', `http://127.0.0.1:${port}`)));
    vi.stubEnv('JWT_ISSUER', tokens.issuer);
    vi.stubEnv('JWT_AUDIENCE', tokens.audience);
    vi.stubEnv('JWKS_URL', tokens.jwksUrl);
    try {
      const { handler } = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
        handler: (event: APIGatewayProxyEventV2, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
      };
      const call = (authorization: string) =>
        handler(
          { rawPath: '/v1/me', headers: { authorization }, requestContext: { http: { method: 'GET', path: '/v1/me' } } } as unknown as APIGatewayProxyEventV2,
          lambdaContext({ functionName: 'GetMe', requestId: 'bundle-test', timeoutMs: 10_000 }),
        );
      const accepted = await call(`Bearer ${await tokens.issue('lan', ['finance-approver'])}`);
      expect(accepted.statusCode).toBe(200);
      expect(JSON.parse(accepted.body!)).toEqual({ userId: 'lan', roles: ['finance-approver'], grants: [{ committeeId: 'vn', role: 'finance-approver', children: true }] });
      expect((await call('Bearer a.b.c')).statusCode).toBe(401);
    } finally {
      vi.unstubAllEnvs();
      server.close();
    }
  });
});
