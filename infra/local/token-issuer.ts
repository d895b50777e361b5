/**
 * The twin's stand-in for Cognito: an RS256 key pair, a JWKS endpoint and tokens that carry
 * the same claims as Cognito ID tokens (`cognito:username`, `cognito:groups`), so the API
 * verifies local and AWS tokens with the same code. Groups are grants (`scope:<committeeId>:<role>`,
 * `:children` for the committees below it), a bare role (the central committee's, with its
 * children), or `org:<orgId>` for a person signing in for an organisation (DESIGN §12.2).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { COMMITTEE_ID, grantGroup, ROLES } from '../../shared/domain/committees';

export const LOCAL_AUDIENCE = 'sovang-console';
export const ISSUER_PATH = '/local-auth';

export interface TokenIssuer {
  issuer: string;
  jwksUrl: string;
  audience: string;
  /** A token with these groups: roles, grants (`scope:…`) or `org:<orgId>`. */
  issue(user: string, groups: readonly string[], options?: { expiresIn?: string }): Promise<string>;
  /** Serves the JWKS and the console's local sign-in; returns false for other paths. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadOrCreateKey(file?: string): Promise<StoredKey> {
  if (file && existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const stored: StoredKey = { kid, privateJwk: await exportJWK(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
  if (file) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  return stored;
}

export function localIssuerUrl(port: number): string {
  return `http://localhost:${port}${ISSUER_PATH}`;
}

export async function createTokenIssuer(options: { port: number; keyFile?: string }): Promise<TokenIssuer> {
  const key = await loadOrCreateKey(options.keyFile);
  const privateKey = await importJWK(key.privateJwk, 'RS256');
  const issuer = localIssuerUrl(options.port);
  const issue = (user: string, groups: readonly string[], { expiresIn = '8h' } = {}) =>
    new SignJWT({ 'cognito:username': user, 'cognito:groups': [...groups], token_use: 'id' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
      .setSubject(user)
      .setIssuer(issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(privateKey);
  return {
    issuer,
    audience: LOCAL_AUDIENCE,
    jwksUrl: `http://127.0.0.1:${options.port}${ISSUER_PATH}/.well-known/jwks.json`,
    issue,
    async handle(req, res, url) {
      if (url.pathname === `${ISSUER_PATH}/.well-known/jwks.json`) {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
        res.end(JSON.stringify({ keys: [key.publicJwk] }));
        return true;
      }
      if (url.pathname === `${ISSUER_PATH}/token` && req.method === 'POST') {
        // Local sign-in for the console's demo users; in AWS this is Cognito's hosted UI.
        let raw = '';
        for await (const chunk of req) raw += chunk;
        let body: { user?: unknown; role?: unknown; committeeId?: unknown; children?: unknown; orgId?: unknown } = {};
        try {
          body = JSON.parse(raw || '{}');
        } catch {
          // fall through to the validation below
        }
        const user = typeof body.user === 'string' && /^[a-z0-9._-]{1,40}$/i.test(body.user) ? body.user : undefined;
        const orgId = typeof body.orgId === 'string' && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(body.orgId) ? body.orgId : undefined;
        const role = ROLES.find((r) => r === body.role);
        const committeeId = body.committeeId === undefined || body.committeeId === '' ? 'vn' : typeof body.committeeId === 'string' && COMMITTEE_ID.test(body.committeeId) ? body.committeeId : undefined;
        if (!user || (!orgId && (!role || !committeeId))) {
          res.writeHead(400, { 'content-type': 'application/problem+json' });
          res.end(
            JSON.stringify({
              type: 'https://sovang.vn/problems/validation-error',
              title: 'Invalid sign-in',
              status: 400,
              detail: `user and either orgId, or role (${ROLES.join(', ')}) and a committeeId such as vn-79, are required`,
            }),
          );
          return true;
        }
        const group = orgId ? `org:${orgId}` : grantGroup({ committeeId: committeeId!, role: role!, children: body.children === true });
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify({ token: await issue(user, [group]), user, groups: [group] }));
        return true;
      }
      return false;
    },
  };
}
