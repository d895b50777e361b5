/**
 * Authentication and authorisation for every route, by the route's declared access, in one
 * place so no handler can forget. Staff present a JWT (Cognito in AWS, the twin's issuer
 * locally) verified against the issuer's JWKS; organisations present an API key.
 */
import { organisations } from '../adapters/dynamo';
import { apiKeyState, hashApiKey } from '../domain/organisations';
import { ForbiddenError, UnauthorizedError } from '../errors';
import type { RouteDef } from '../routes/route';
import type { Scope } from '../usecases/scope';
import { ANONYMOUS, type Principal } from './principal';
import * as clock from '../domain/clock';

/** Loaded with the first staff token: see staff-token.ts. */
let staffToken: Promise<typeof import('./staff-token')> | undefined;
const verifyStaffToken = async (token: string) => (await (staffToken ??= import('./staff-token'))).verifyStaffToken(token);

function bearer(headers: Record<string, string>): string | undefined {
  const value = headers.authorization;
  if (!value) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(value);
  if (!match) throw new UnauthorizedError('Authorization must be "Bearer <token>"');
  return match[1];
}

/**
 * Nothing about a key is cached: every request reads its record, so a revocation or an expiry
 * holds from the next request on (an eventually consistent read: within about a second).
 */
async function organisationFromKey(secret: string): Promise<Principal> {
  if (!/^sv_[0-9a-f]{12}_[A-Za-z0-9_-]{32}$/.test(secret)) throw new UnauthorizedError('The API key is not valid');
  const record = await organisations.getApiKeyByHash(hashApiKey(secret));
  if (!record) throw new UnauthorizedError('The API key is not valid');
  const state = apiKeyState(record, clock.now());
  if (state === 'revoked') throw new UnauthorizedError('Khóa API đã bị thu hồi / The API key has been revoked');
  if (state === 'expired') throw new UnauthorizedError('Khóa API đã hết hạn / The API key has expired: ask the committee for a new one');
  return { kind: 'organisation', orgId: record.orgId, keyId: record.keyId };
}

/** An organisation's console sign-in: a token whose groups name the organisation (`org:<orgId>`). */
async function organisationFromLogin(token: string): Promise<Principal | null> {
  const verified = await verifyStaffToken(token);
  return verified.orgId ? { kind: 'organisation', orgId: verified.orgId, keyId: `login:${verified.userId}` } : null;
}

export async function authenticate(route: RouteDef, headers: Record<string, string>): Promise<Principal> {
  const apiKey = headers['x-api-key'];
  switch (route.access.kind) {
    case 'public':
      return ANONYMOUS;
    case 'publicOrApiKey': {
      if (apiKey) return organisationFromKey(apiKey);
      const token = bearer(headers);
      return (token && (await organisationFromLogin(token))) || ANONYMOUS;
    }
    case 'apiKey': {
      if (apiKey) return organisationFromKey(apiKey);
      const token = bearer(headers);
      if (!token) throw new UnauthorizedError('An API key (x-api-key) or an organisation’s sign-in is required');
      const organisation = await organisationFromLogin(token);
      if (!organisation) throw new ForbiddenError('This route is for organisations: use an API key (x-api-key) or sign in for your organisation');
      return organisation;
    }
    case 'staff': {
      const token = bearer(headers);
      if (!token && apiKey) {
        // A valid organisation key is an authenticated caller without the right: 403, as a
        // staff token is on an organisation's route. A key that is not valid stays a 401.
        await organisationFromKey(apiKey);
        throw new ForbiddenError('Không có quyền / This route is for staff: an organisation’s API key cannot call it');
      }
      if (!token) throw new UnauthorizedError('Đăng nhập để tiếp tục / Sign in as staff: a Bearer token is required');
      const staff = await verifyStaffToken(token);
      if (!staff.roles.some((role) => route.access.kind === 'staff' && route.access.roles.includes(role))) {
        const needed = route.access.roles.join(' or ');
        throw new ForbiddenError(`Không có quyền / This needs the role ${needed}; you have ${staff.roles.join(', ') || 'no role'}`);
      }
      return { kind: 'staff', userId: staff.userId, roles: staff.roles, grants: staff.grants };
    }
  }
}

/**
 * The scope a use case checks the fund's committee against (DESIGN §12.2): the caller's grants of
 * the roles this route allows. A caller who is not staff holds no grant, so a check refuses them.
 */
export function scopeFor(route: RouteDef, principal: Principal): Scope {
  if (principal.kind !== 'staff' || route.access.kind !== 'staff') return { kind: 'staff', grants: [], roles: [] };
  const roles = route.access.roles;
  return { kind: 'staff', grants: principal.grants.filter((grant) => roles.includes(grant.role)), roles };
}
