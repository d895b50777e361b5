/**
 * Verifies a staff member's JWT (Cognito in AWS, the twin's issuer locally) against the issuer's
 * JWKS: issuer, audience, expiry, signature and algorithm (RS256 only). Loaded by `auth.ts` with
 * the first staff token a container sees, so the functions of public routes never load jose:
 * the house build leaves this module in a chunk of its own (infra/constructs/bundles.ts).
 */
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { config } from '../config';
import { ServiceUnavailableError, UnauthorizedError } from '../errors';
import { parseGrant, type Grant, type Role } from '../domain/committees';

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

/** What a verified token says: who, the grants of the staff roles it carries, and the organisation it signs in for, if any. */
export interface VerifiedToken {
  userId: string;
  roles: Role[];
  grants: Grant[];
  /** `org:<orgId>` among the groups: a person signed in to the console for an organisation. */
  orgId?: string;
}

const ORG_GROUP = /^org:([0-9A-HJKMNP-TV-Z]{26})$/;

/**
 * Grants from the token's groups (`cognito:groups`) and from its `custom:scopes` attribute (the
 * same strings, separated by spaces or commas), for Cognito pools that keep scopes in an attribute
 * rather than in one group per committee and role (DESIGN §12.2).
 */
export function grantsOf(payload: JWTPayload): { grants: Grant[]; orgId?: string } {
  const groups = Array.isArray(payload['cognito:groups']) ? (payload['cognito:groups'] as unknown[]).filter((g): g is string => typeof g === 'string') : [];
  const attribute = typeof payload['custom:scopes'] === 'string' ? (payload['custom:scopes'] as string).split(/[\s,]+/).filter(Boolean) : [];
  const grants: Grant[] = [];
  const seen = new Set<string>();
  let orgId: string | undefined;
  for (const group of [...groups, ...attribute]) {
    const org = ORG_GROUP.exec(group);
    if (org) {
      orgId ??= org[1];
      continue;
    }
    const grant = parseGrant(group);
    const key = grant && `${grant.committeeId}|${grant.role}|${grant.children}`;
    if (grant && !seen.has(key!)) {
      seen.add(key!);
      grants.push(grant);
    }
  }
  return { grants, ...(orgId ? { orgId } : {}) };
}

export async function verifyStaffToken(token: string): Promise<VerifiedToken> {
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
  const { grants, orgId } = grantsOf(payload);
  const roles = [...new Set(grants.map((grant) => grant.role))];
  const userId = String(payload['cognito:username'] ?? payload.sub ?? '');
  if (!userId) throw new UnauthorizedError('Token rejected: it names no user');
  return { userId, roles, grants, ...(orgId ? { orgId } : {}) };
}
