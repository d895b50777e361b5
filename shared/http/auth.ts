/**
 * Authentication and authorisation for every route, by the route's declared access, in one
 * place so no handler can forget. Staff present a JWT (Cognito in AWS, the twin's issuer
 * locally) verified against the issuer's JWKS; organisations present an API key.
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ledgerStore } from '../adapters/dynamo';
import { config } from '../config';
import { hashApiKey } from '../domain/organisations';
import { ForbiddenError, ServiceUnavailableError, UnauthorizedError } from '../errors';
import { ROLES, type Role, type RouteDef } from '../routes/route';
import { ANONYMOUS, type Principal } from './principal';

let keySet: ReturnType<typeof createRemoteJWKSet> | undefined;
let keySetUrl: string | undefined;

function jwks(url: string) {
  if (!keySet || keySetUrl !== url) {
    keySet = createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
    keySetUrl = url;
  }
  return keySet;
}

function describeJwtFailure(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm that is not accepted';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is invalid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token was not signed by a known key';
  return 'the token is malformed';
}

export async function verifyStaffToken(token: string): Promise<{ userId: string; roles: Role[] }> {
  const { JWT_ISSUER, JWT_AUDIENCE, JWKS_URL } = config();
  if (!JWT_ISSUER || !JWT_AUDIENCE || !JWKS_URL) throw new ServiceUnavailableError('Staff sign-in is not configured');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks(JWKS_URL), { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, algorithms: ['RS256'], clockTolerance: 5 }));
  } catch (error) {
    if (error instanceof joseErrors.JWKSTimeout || (error as { code?: string }).code === 'ERR_JWKS_TIMEOUT') {
      throw new ServiceUnavailableError('The identity provider did not answer', 5, { cause: error });
    }
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) {
      throw new UnauthorizedError(`Token rejected: ${describeJwtFailure(error)}`, { cause: error });
    }
    throw new ServiceUnavailableError('Could not verify the token', 5, { cause: error });
  }
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]) : [];
  const roles = groups.filter((g): g is Role => ROLES.includes(g as Role));
  const userId = String(payload['cognito:username'] ?? payload.sub ?? '');
  if (!userId) throw new UnauthorizedError('Token rejected: it names no user');
  return { userId, roles };
}

function bearer(headers: Record<string, string>): string | undefined {
  const value = headers.authorization;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new UnauthorizedError('Authorization must be "Bearer <token>"');
  return match[1];
}

async function organisationFromKey(secret: string): Promise<Principal> {
  if (!/^sv_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/.test(secret)) throw new UnauthorizedError('The API key is not valid');
  const record = await ledgerStore.getApiKeyByHash(hashApiKey(secret));
  if (!record || record.revoked) throw new UnauthorizedError('The API key is not valid');
  return { kind: 'organisation', orgId: record.orgId, keyId: record.keyId };
}

export async function authenticate(route: RouteDef, headers: Record<string, string>): Promise<Principal> {
  const apiKey = headers['x-api-key'];
  switch (route.access.kind) {
    case 'public':
      return ANONYMOUS;
    case 'publicOrApiKey':
      return apiKey ? organisationFromKey(apiKey) : ANONYMOUS;
    case 'apiKey':
      if (!apiKey) {
        if (headers.authorization) throw new ForbiddenError('This route is for organisations: use an API key (x-api-key)');
        throw new UnauthorizedError('An API key (x-api-key) is required');
      }
      return organisationFromKey(apiKey);
    case 'staff': {
      const token = bearer(headers);
      if (!token) throw new UnauthorizedError('Đăng nhập để tiếp tục / Sign in as staff: a Bearer token is required');
      const staff = await verifyStaffToken(token);
      if (!staff.roles.some((role) => route.access.kind === 'staff' && route.access.roles.includes(role))) {
        const needed = route.access.roles.join(' or ');
        throw new ForbiddenError(`Không có quyền / This needs the role ${needed}; you have ${staff.roles.join(', ') || 'no role'}`);
      }
      return { kind: 'staff', ...staff };
    }
  }
}
