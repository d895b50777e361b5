import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { routes, type RouteDef } from '../../shared/routes';
import { idem, request, staff, startTestTwin } from '../support/twin';

let twin: Twin;
let orgKey: string;

beforeAll(async () => {
  twin = await startTestTwin();
  const admin = await staff(twin, 'quan', 'admin');
  const org = await request<{ id: string }>(twin, 'POST', '/v1/organisations', {
    body: { name: 'Hội Doanh nhân trẻ', taxCode: '0312345678' },
    headers: { ...admin, ...idem() },
  });
  const key = await request<{ apiKey: string }>(twin, 'POST', `/v1/organisations/${org.body.id}/api-keys`, {
    body: { label: 'bulk' },
    headers: { ...admin, ...idem() },
  });
  orgKey = key.body.apiKey;
});
afterAll(async () => twin?.stop());

type Caller = 'anonymous' | 'organisation' | 'clerk' | 'approver' | 'auditor' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'organisation', 'clerk', 'approver', 'auditor', 'admin'];
const EVERYONE = CALLERS;
const STAFF_ALL: Caller[] = ['clerk', 'approver', 'auditor', 'admin'];

/**
 * The authorization matrix: who may call each route. README.md shows the same table.
 * A route without an entry here fails the test, so no route ships without a decision.
 */
const MATRIX: Record<string, Caller[]> = {
  ListFunds: EVERYONE,
  GetFund: EVERYONE,
  ListFundWards: EVERYONE,
  ListFundDays: EVERYONE,
  ListReports: EVERYONE,
  GetReportKeys: EVERYONE,
  GetReportProof: EVERYONE,
  GetReportConsistency: EVERYONE,
  GetReportFile: EVERYONE,
  SearchAdminUnits: EVERYONE,
  CreatePledge: EVERYONE,
  GetPledge: EVERYONE,
  GetOpenApi: EVERYONE,
  ListFundDisbursements: EVERYONE,
  CancelPledge: ['approver', 'admin'],
  RecordReceipt: ['clerk'],
  GetReceipt: ['clerk', 'approver', 'auditor'],
  ReverseReceipt: ['approver'],
  RequestDisbursement: ['clerk'],
  GetDisbursement: STAFF_ALL,
  ListDisbursements: STAFF_ALL,
  ApproveDisbursement: ['approver'],
  RejectDisbursement: ['approver'],
  PayDisbursement: ['clerk'],
  ConfirmDisbursement: ['clerk', 'approver'],
  CancelDisbursement: ['clerk', 'approver'],
  AddDisbursementEvidence: ['clerk', 'approver'],
  GetFundJournal: ['clerk', 'approver', 'auditor'],
  GetAuditTrail: ['clerk', 'approver', 'auditor'],
  CreateOrganisation: ['admin'],
  CreateApiKey: ['admin'],
  ListOwnPledges: ['organisation'],
  GetMe: STAFF_ALL,
  UploadStatement: ['clerk'],
  RequestStatementUpload: ['clerk'],
  ProcessStatement: ['clerk'],
  ListStatements: ['clerk', 'approver', 'auditor'],
  GetStatement: ['clerk', 'approver', 'auditor'],
  ListStatementLines: ['clerk', 'approver', 'auditor'],
  MatchStatementLine: ['clerk'],
  IgnoreStatementLine: ['clerk'],
  CountStatementLine: ['clerk'],
  DiscardStatementLine: ['clerk'],
  GetReconciliation: ['clerk', 'approver', 'auditor'],
  PreviewStatementFile: ['clerk', 'admin'],
  CreateStatementMapping: ['clerk', 'admin'],
  ListStatementMappings: STAFF_ALL,
  GetStatementMapping: STAFF_ALL,
  UpdateStatementMapping: ['clerk', 'admin'],
};

const SAMPLE_PARAMS: Record<string, string> = {
  fundId: 'cuba-2025',
  ref: 'UHV1EWZE1',
  id: '01JC0000000000000000000000',
  entityRef: 'UHV1EWZE1',
  orgId: '01JC0000000000000000000000',
  date: '2026-11-24',
  name: 'summary.json',
};

function samplePath(route: RouteDef): string {
  return route.path.replace(/\{(\w+)\}/g, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x');
}

async function headersFor(caller: Caller): Promise<Record<string, string>> {
  switch (caller) {
    case 'anonymous':
      return {};
    case 'organisation':
      return { 'x-api-key': orgKey };
    case 'clerk':
      return staff(twin, 'an', 'finance-clerk');
    case 'approver':
      return staff(twin, 'lan', 'finance-approver');
    case 'auditor':
      return staff(twin, 'thu', 'auditor');
    case 'admin':
      return staff(twin, 'quan', 'admin');
  }
}

describe('authorization matrix', () => {
  it('has an entry for every declared route', () => {
    expect(routes.map((r) => r.id).filter((id) => !(id in MATRIX))).toEqual([]);
  });

  it.each(routes.map((r) => [r.id, r] as const))('%s lets exactly the expected callers through', async (_id, route) => {
    const allowed = MATRIX[route.id] ?? [];
    const outcomes: string[] = [];
    for (const caller of CALLERS) {
      const response = await request(twin, route.method, samplePath(route), {
        headers: { ...(await headersFor(caller)), ...idem() },
        ...(route.method !== 'GET' ? { body: {} } : {}),
      });
      const passed = response.status !== 401 && response.status !== 403;
      expect(response.status, `${caller} on ${route.id}`).toBeLessThan(500);
      if (passed !== allowed.includes(caller)) outcomes.push(`${caller}: got ${response.status}`);
      if (!allowed.includes(caller)) {
        const isStaff = caller !== 'anonymous' && caller !== 'organisation';
        const expected = route.access.kind === 'staff' ? (isStaff ? 403 : 401) : isStaff ? 403 : 401;
        if (response.status !== expected) outcomes.push(`${caller}: expected ${expected}, got ${response.status}`);
      }
    }
    expect(outcomes).toEqual([]);
  });
});

describe('staff tokens', () => {
  const me = (token: string) => request(twin, 'GET', '/v1/me', { headers: { authorization: `Bearer ${token}` } });

  it('accepts a valid token and reports the roles from its groups', async () => {
    const response = await request(twin, 'GET', '/v1/me', { headers: await staff(twin, 'lan', 'finance-approver') });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: 'lan', roles: ['finance-approver'] });
  });

  it('rejects an expired token with 401', async () => {
    const token = await twin.tokens.issue('lan', ['finance-approver'], { expiresIn: '-1m' });
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(String(response.body.detail)).toMatch(/expired/);
  });

  it('rejects a token from another issuer, for another audience, or signed by another key with 401', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const base = () =>
      new SignJWT({ 'cognito:username': 'mallory', 'cognito:groups': ['admin'] })
        .setProtectedHeader({ alg: 'RS256', kid: 'x' })
        .setIssuedAt()
        .setExpirationTime('1h');
    const good = await twin.tokens.issue('lan', ['admin']);
    const [, payload] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const wrongIssuer = await base().setIssuer('https://evil.example').setAudience(claims.aud).sign(privateKey);
    const foreignKey = await base().setIssuer(claims.iss).setAudience(claims.aud).sign(privateKey);
    for (const token of [wrongIssuer, foreignKey]) expect((await me(token)).status).toBe(401);
  });

  it('rejects a wrong audience and a tampered payload with 401', async () => {
    const good = await twin.tokens.issue('lan', ['finance-clerk']);
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] })).toString('base64url')}.${signature}`;
    const otherAudience = `${header}.${Buffer.from(JSON.stringify({ ...claims, aud: 'other-app' })).toString('base64url')}.${signature}`;
    expect((await me(tampered)).status).toBe(401);
    expect((await me(otherAudience)).status).toBe(401);
  });

  it('rejects alg "none" with 401', async () => {
    const good = await twin.tokens.issue('lan', ['admin']);
    const [, payload] = good.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    expect((await me(none)).status).toBe(401);
  });

  it('rejects a malformed Authorization header and a bad API key with 401', async () => {
    expect((await request(twin, 'GET', '/v1/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);
    expect((await request(twin, 'GET', '/v1/org/pledges', { headers: { 'x-api-key': 'sv_000000000000_' + 'A'.repeat(32) } })).status).toBe(401);
  });
});

describe('organisation API keys', () => {
  it('lets an organisation pledge with its key and read only its own pledges', async () => {
    const pledge = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', {
      body: { fundId: 'cuba-2025', donor: { type: 'organisation', name: 'Hội Doanh nhân trẻ' }, amount: 10_000_000, publishName: true },
      headers: { 'x-api-key': orgKey, ...idem() },
    });
    expect(pledge.status).toBe(201);
    await request(twin, 'POST', '/v1/pledges', {
      body: { fundId: 'cuba-2025', donor: { type: 'individual', name: 'Someone else' }, amount: 5, publishName: false },
      headers: idem(),
    });
    const own = await request<{ items: { ref: string }[] }>(twin, 'GET', '/v1/org/pledges', { headers: { 'x-api-key': orgKey } });
    expect(own.status).toBe(200);
    expect(own.body.items.map((p) => p.ref)).toEqual([pledge.body.ref]);
  });

  it('stores only the hash of a key', async () => {
    const { allItems } = await import('../support/twin');
    const items = await allItems(twin);
    expect(JSON.stringify(items)).not.toContain(orgKey);
  });
});
