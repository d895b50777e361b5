/**
 * Staff sign-in, pluggable. The console reads `/config.json` (written next to the bundle at
 * deploy time) and picks a provider:
 *
 *   { "auth": { "kind": "local" } }                         the twin's token issuer (default)
 *   { "auth": { "kind": "cognito", "domain": "https://<prefix>.auth.<region>.amazoncognito.com",
 *               "clientId": "<app client id>", "scopes": ["openid", "email", "profile"] } }
 *
 * Both end with the same session: an ID token whose `cognito:username` and `cognito:groups`
 * the API authorizer checks. Cognito uses the hosted UI with the authorization-code flow and
 * PKCE (a public client, no secret in the browser); the redirect URI is `<origin>/console/callback`
 * and must be listed on the app client. A new provider implements `SignInProvider`.
 */
import { h } from '../dom';
import { ROLE_LABELS, labelOf } from '../../../shared/domain/labels';
import { L, pick } from '../i18n';

export interface Session {
  token: string;
  user: string;
  roles: string[];
  /** Signed in for an organisation (the token's `org:<orgId>` group), not as staff. */
  orgId?: string;
  expiresAt: number;
  provider: string;
}

export interface AuthConfig {
  kind: 'local' | 'cognito';
  domain?: string;
  clientId?: string;
  scopes?: string[];
}

export interface WebConfig {
  apiBase?: string;
  auth: AuthConfig;
}

export interface SignInProvider {
  kind: string;
  /** The sign-in UI; calls `done` with a session, or redirects away (hosted UI). */
  render(done: (session: Session) => void): HTMLElement;
  /** Finishes a redirect-based sign-in on `/console/callback`. */
  callback?(params: URLSearchParams): Promise<Session>;
  signOut(session: Session): void;
}

const SESSION_KEY = 'sovang.session';

let configPromise: Promise<WebConfig> | undefined;

export function loadConfig(): Promise<WebConfig> {
  configPromise ??= fetch('/config.json', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? (r.json() as Promise<WebConfig>) : { auth: { kind: 'local' as const } }))
    .catch(() => ({ auth: { kind: 'local' as const } }));
  return configPromise;
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(text.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

/** Reads (does not verify: the API does) the claims of an ID token. */
export function sessionFromToken(token: string, provider: string): Session {
  const claims = JSON.parse(base64UrlDecode(token.split('.')[1] ?? '')) as Record<string, unknown>;
  const groups = Array.isArray(claims['cognito:groups']) ? (claims['cognito:groups'] as unknown[]).map(String) : [];
  const orgId = groups.map((g) => /^org:(\w{26})$/.exec(g)?.[1]).find(Boolean);
  return {
    token,
    user: String(claims['cognito:username'] ?? claims.sub ?? ''),
    roles: groups.filter((g) => !g.startsWith('org:')),
    ...(orgId ? { orgId } : {}),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : Date.now() + 3600_000,
    provider,
  };
}

export function storedSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (session && session.expiresAt > Date.now() + 30_000) return session;
  } catch {
    // Fall through: signed out.
  }
  return null;
}

export function storeSession(session: Session | null): void {
  try {
    if (session) sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage blocked: the session lasts for this page only.
  }
}

export function roleLabel(role: string): string {
  return pick(labelOf(ROLE_LABELS, role));
}

/** The twin's demo sign-in: `POST /local-auth/token { user, role, committeeId, children }` or `{ user, orgId }` (infra/local/token-issuer.ts). */
export function localProvider(): SignInProvider {
  return {
    kind: 'local',
    render(done) {
      const user = h('input', { id: 'signin-user', name: 'user', class: 'input', autocomplete: 'username', required: true, pattern: '[A-Za-z0-9._-]{1,40}' });
      const role = h(
        'select',
        { id: 'signin-role', name: 'role', class: 'input' },
        Object.keys(ROLE_LABELS).map((r) => h('option', { value: r }, roleLabel(r))),
        h('option', { value: 'organisation' }, L('Tổ chức nộp danh sách', 'An organisation handing over lists')),
      );
      const committee = h('input', { id: 'signin-committee', name: 'committeeId', class: 'input', value: 'vn', autocomplete: 'off', spellcheck: 'false' });
      const children = h('input', { id: 'signin-children', name: 'children', type: 'checkbox', checked: true });
      const org = h('input', { id: 'signin-org', name: 'orgId', class: 'input', autocomplete: 'off', spellcheck: 'false' });
      const staffParts = h(
        'div',
        null,
        h('div', { class: 'field' }, h('label', { for: 'signin-committee' }, L('Ủy ban', 'Committee')), committee, h('p', { class: 'hint' }, L('vd: vn (Trung ương), vn-79 (TP.HCM), vn-79-26740 (phường Sài Gòn)', 'e.g. vn (central), vn-79 (HCMC), vn-79-26740 (Sài Gòn ward)'))),
        h('div', { class: 'checkbox' }, children, h('label', { for: 'signin-children' }, L('Cả các ủy ban cấp dưới', 'And the committees below it'))),
      );
      const orgParts = h('div', { class: 'field', hidden: true }, h('label', { for: 'signin-org' }, L('Mã tổ chức', 'Organisation id')), org);
      role.addEventListener('change', () => {
        orgParts.hidden = role.value !== 'organisation';
        staffParts.hidden = role.value === 'organisation';
      });
      const error = h('p', { class: 'field-error', role: 'alert', hidden: true });
      const button = h('button', { type: 'submit', class: 'btn btn-primary' }, L('Đăng nhập', 'Sign in'));
      const form = h(
        'form',
        { class: 'form card form-narrow', novalidate: true },
        h('p', { class: 'hint' }, L('Môi trường thử nghiệm cục bộ: chọn tên, vai trò và ủy ban. Trên AWS, đăng nhập qua Cognito.', 'Local twin: pick a name, a role and a committee. On AWS you sign in through Cognito.')),
        h('div', { class: 'field' }, h('label', { for: 'signin-user' }, L('Tên đăng nhập', 'User name')), user),
        h('div', { class: 'field' }, h('label', { for: 'signin-role' }, L('Vai trò', 'Role')), role),
        staffParts,
        orgParts,
        error,
        button,
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        error.hidden = true;
        if (!/^[A-Za-z0-9._-]{1,40}$/.test(user.value)) {
          error.textContent = L('Tên đăng nhập chỉ gồm chữ không dấu, số, dấu chấm, gạch.', 'A user name has only letters, digits, dots and dashes.');
          error.hidden = false;
          user.focus();
          return;
        }
        button.disabled = true;
        try {
          const claim = role.value === 'organisation' ? { user: user.value, orgId: org.value.trim() } : { user: user.value, role: role.value, committeeId: committee.value.trim(), children: children.checked };
          const response = await fetch('/local-auth/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(claim) });
          if (!response.ok) throw new Error((await response.json().catch(() => ({})))?.detail ?? `HTTP ${response.status}`);
          const { token } = (await response.json()) as { token: string };
          done(sessionFromToken(token, 'local'));
        } catch (e) {
          error.textContent = L('Không đăng nhập được: ', 'Could not sign in: ') + (e as Error).message;
          error.hidden = false;
          button.disabled = false;
        }
      });
      return form;
    },
    signOut() {
      // Local tokens simply expire.
    },
  };
}

const PKCE_KEY = 'sovang.pkce';

function randomString(bytes = 32): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(bytes)))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function challengeOf(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Cognito's hosted UI, authorization code + PKCE. */
export function cognitoProvider(config: AuthConfig): SignInProvider {
  const domain = (config.domain ?? '').replace(/\/$/, '');
  const clientId = config.clientId ?? '';
  const redirectUri = `${location.origin}/console/callback`;
  return {
    kind: 'cognito',
    render() {
      const button = h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          onclick: async () => {
            const verifier = randomString(48);
            const state = randomString(16);
            sessionStorage.setItem(PKCE_KEY, JSON.stringify({ verifier, state }));
            const url = new URL(`${domain}/oauth2/authorize`);
            url.search = new URLSearchParams({
              response_type: 'code',
              client_id: clientId,
              redirect_uri: redirectUri,
              scope: (config.scopes ?? ['openid', 'email', 'profile']).join(' '),
              state,
              code_challenge: await challengeOf(verifier),
              code_challenge_method: 'S256',
            }).toString();
            location.assign(url.toString());
          },
        },
        L('Đăng nhập bằng tài khoản cán bộ', 'Sign in with your staff account'),
      );
      return h('div', { class: 'card form-narrow' }, h('p', null, L('Bạn sẽ được chuyển tới trang đăng nhập của hệ thống.', 'You will be taken to the sign-in page.')), button);
    },
    async callback(params) {
      const saved = JSON.parse(sessionStorage.getItem(PKCE_KEY) ?? 'null') as { verifier: string; state: string } | null;
      sessionStorage.removeItem(PKCE_KEY);
      if (!saved || params.get('state') !== saved.state || !params.get('code')) throw new Error(L('Phiên đăng nhập không hợp lệ, vui lòng thử lại.', 'The sign-in did not match; please try again.'));
      const response = await fetch(`${domain}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code: params.get('code')!, redirect_uri: redirectUri, code_verifier: saved.verifier }),
      });
      if (!response.ok) throw new Error(`Cognito: HTTP ${response.status}`);
      const tokens = (await response.json()) as { id_token: string };
      return sessionFromToken(tokens.id_token, 'cognito');
    },
    signOut() {
      location.assign(`${domain}/logout?${new URLSearchParams({ client_id: clientId, logout_uri: `${location.origin}/console` })}`);
    },
  };
}

export function providerFor(config: WebConfig): SignInProvider {
  return config.auth.kind === 'cognito' ? cognitoProvider(config.auth) : localProvider();
}
