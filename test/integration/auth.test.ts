import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { routes, type RouteDef, type Role } from '../../shared/routes';
import { idem, request, staff, startTestTwin } from '../support/twin';

let twin: Twin;
let orgKey: string;

beforeAll(async () => {
  twin = await startTestTwin({ seedAdminUnits: true });
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
  orgId = org.body.id;
});
afterAll(async () => twin?.stop());

type Caller = 'anonymous' | 'organisation' | 'orgLogin' | 'clerk' | 'approver' | 'auditor' | 'admin';
const CALLERS: Caller[] = ['anonymous', 'organisation', 'orgLogin', 'clerk', 'approver', 'auditor', 'admin'];
const EVERYONE = CALLERS;
const STAFF_ALL: Caller[] = ['clerk', 'approver', 'auditor', 'admin'];
const ORGANISATION: Caller[] = ['organisation', 'orgLogin'];
let orgId: string;

/**
 * The authorization matrix: who may call each route. README.md shows the same table.
 * A route without an entry here fails the test, so no route ships without a decision.
 */
const MATRIX: Record<string, Caller[]> = {
  ListFunds: EVERYONE,
  GetFund: EVERYONE,
  ListFundWards: EVERYONE,
  ListFundDays: EVERYONE,
  GetOpenFundTotals: EVERYONE,
  ListOpenWardTotals: EVERYONE,
  ListOpenDayTotals: EVERYONE,
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
  ListFundDonors: EVERYONE,
  CancelPledge: ['approver', 'admin'],
  FindTransfers: EVERYONE,
  WithdrawPledgeName: EVERYONE,
  WithdrawPledgeNameOnRequest: ['approver', 'admin'],
  RaiseFlag: EVERYONE,
  ListFlags: EVERYONE,
  GetModerationQueue: ['auditor', 'admin'],
  AnswerFlag: ['auditor'],
  ModerateFlag: ['auditor', 'admin'],
  ModeratePledgeName: ['auditor', 'admin'],
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
  ListOrganisations: STAFF_ALL,
  CreateApiKey: ['admin'],
  ListApiKeys: ['admin'],
  RevokeApiKey: ['admin'],
  RotateApiKey: ['admin'],
  ListOwnPledges: ORGANISATION,
  GetOrganisationStatement: STAFF_ALL,
  GetOwnStatement: ORGANISATION,
  UploadBatch: ORGANISATION,
  ListBatches: ORGANISATION,
  GetBatch: ORGANISATION,
  ProcessBatch: ORGANISATION,
  GetFundPlan: EVERYONE,
  ListFundGoods: EVERYONE,
  ListCommittees: STAFF_ALL,
  GetCommittee: STAFF_ALL,
  CreateCommittee: ['admin'],
  ListStaffFunds: STAFF_ALL,
  CreateFund: ['admin'],
  EditFund: ['admin'],
  OpenFund: ['admin'],
  CloseReceiving: ['admin'],
  CloseFund: ['admin'],
  SetPlan: ['approver', 'admin'],
  RecordGoods: ['clerk'],
  HandOverGoods: ['clerk'],
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
  ListReviewLines: ['clerk', 'approver', 'auditor'],
  PreviewStatementFile: ['clerk', 'admin'],
  CreateStatementMapping: ['clerk', 'admin'],
  ListStatementMappings: STAFF_ALL,
  GetStatementMapping: STAFF_ALL,
  UpdateStatementMapping: ['clerk', 'admin'],
};

const SAMPLE_PARAMS: Record<string, string> = {
  // No such fund: an empty body passes some validations (closing receiving takes one), and no shared fund may change.
  fundId: 'quy-mau-khong-ton-tai',
  ref: 'UHV1EWZE1',
  id: '01JC0000000000000000000000',
  entityRef: 'UHV1EWZE1',
  orgId: '01JC0000000000000000000000',
  keyId: '0123456789ab',
  date: '2026-11-24',
  name: 'summary.json',
  committeeId: 'vn-79',
  batchId: '01JC0000000000000000000000',
  lotId: '01JC0000000000000000000000',
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
    case 'orgLogin':
      return { authorization: `Bearer ${await twin.tokens.issue('hoa', [`org:${orgId}`])}` };
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
        // A person signed in for an organisation holds a token: refused as signed in (403), or as anonymous on a public route.
        // A valid organisation key on a staff route is authenticated, not allowed: 403.
        const expected = route.access.kind === 'staff' ? (caller === 'anonymous' ? 401 : 403) : isStaff ? 403 : 401;
        if (response.status !== expected) outcomes.push(`${caller}: expected ${expected}, got ${response.status}`);
      }
    }
    expect(outcomes).toEqual([]);
  });
});

/**
 * Scope (DESIGN §12.2): every staff route, called as the fund's committee, as its parent with and
 * without its children, as a committee below it, and as another ward's committee. The fund
 * belongs to Phường Sài Gòn (vn-79-26740); `sg-kp1` is a team under it; Phường Bến Thành
 * (vn-79-26743) is another ward. A staff route without a sample here fails the test.
 */
describe('scope: the same committee, a child committee and another committee', () => {
  const WARD = 'vn-79-26740';
  const F = 'pham-vi-sg';
  const ids: Record<string, string> = {};
  const central = async (role: Role) => staff(twin, `tw-${role}`, role);
  const vcbLine = (ref: string) =>
    `TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail\r\n02/12/2025,5315.1,,150.000,,MBVCB.1 NGUYEN VAN A ${ref} ung ho\r\n`;

  type Sample = { method?: string; path: string; body?: unknown; raw?: { bytes: string; type: string }; idempotent?: boolean };
  /** For each staff route: a request that touches the fund (or its committee), valid enough to reach the scope check. */
  const SAMPLES: Record<string, () => Sample> = {
    CancelPledge: () => ({ path: `/v1/pledges/${ids.pledgeRef}/cancel`, body: { reason: 'Nhập trùng' } }),
    WithdrawPledgeNameOnRequest: () => ({ path: `/v1/pledges/${ids.pledgeRef}/withdraw-name-on-request`, body: { reason: 'Người ủng hộ gọi điện yêu cầu' } }),
    GetModerationQueue: () => ({ method: 'GET', path: `/v1/funds/${F}/moderation` }),
    AnswerFlag: () => ({ path: `/v1/flags/${ids.flagId}/answers`, body: { text: 'Đã đối chiếu biên bản: khoản chi đúng.' } }),
    ModerateFlag: () => ({ path: `/v1/flags/${ids.flagId}/moderation`, body: { decision: 'release' } }),
    ModeratePledgeName: () => ({ path: `/v1/pledges/${ids.pledgeRef}/moderation`, body: { decision: 'release' } }),
    RecordReceipt: () => ({ path: '/v1/receipts', body: { fundId: F, amount: 10_000, receivedAt: '2025-12-02T09:00:00+07:00', method: 'cash' } }),
    GetReceipt: () => ({ method: 'GET', path: `/v1/receipts/${ids.receiptId}` }),
    ReverseReceipt: () => ({ path: `/v1/receipts/${ids.spareReceiptId}/reverse`, body: { reason: 'Ghi nhầm quỹ' } }),
    RequestDisbursement: () => ({ path: '/v1/disbursements', body: { fundId: F, beneficiary: { wardCode: '26740' }, amount: 1_000, purpose: 'Quà Tết' } }),
    GetDisbursement: () => ({ method: 'GET', path: `/v1/disbursements/${ids.disbursementRef}` }),
    ListDisbursements: () => ({ method: 'GET', path: `/v1/disbursements?fundId=${F}` }),
    ApproveDisbursement: () => ({ path: `/v1/disbursements/${ids.disbursementRef}/approve`, body: {} }),
    RejectDisbursement: () => ({ path: `/v1/disbursements/${ids.disbursementRef}/reject`, body: { reason: 'Thiếu hồ sơ' } }),
    PayDisbursement: () => ({ path: `/v1/disbursements/${ids.disbursementRef}/pay`, body: { bankRef: 'FT-SCOPE', paidAt: '2025-12-03T09:00:00+07:00' } }),
    ConfirmDisbursement: () => ({ path: `/v1/disbursements/${ids.disbursementRef}/confirm`, body: { confirmedBy: 'UBND phường', note: '' } }),
    CancelDisbursement: () => ({ path: `/v1/disbursements/${ids.disbursementRef}/cancel`, body: {} }),
    AddDisbursementEvidence: () => ({ path: `/v1/disbursements/${ids.disbursementRef}/evidence`, body: { fileName: 'bien-ban.pdf', contentType: 'application/pdf', size: 1000, sha256: 'a'.repeat(64) } }),
    GetFundJournal: () => ({ method: 'GET', path: `/v1/funds/${F}/journal` }),
    GetAuditTrail: () => ({ method: 'GET', path: `/v1/audit/${ids.pledgeRef}` }),
    CreateOrganisation: () => ({ path: '/v1/organisations', body: { name: 'Đoàn phường Sài Gòn', committeeId: WARD } }),
    CreateApiKey: () => ({ path: `/v1/organisations/${ids.orgId}/api-keys`, body: { label: 'scope' } }),
    ListApiKeys: () => ({ method: 'GET', path: `/v1/organisations/${ids.orgId}/api-keys` }),
    ListOrganisations: () => ({ method: 'GET', path: '/v1/organisations' }),
    GetOrganisationStatement: () => ({ method: 'GET', path: `/v1/organisations/${ids.orgId}/statement?year=2025` }),
    // Revoking a revoked key answers it as it is; rotating a rotated one is a 409: neither is a 403.
    RevokeApiKey: () => ({ path: `/v1/organisations/${ids.orgId}/api-keys/${ids.keyId}/revoke` }),
    RotateApiKey: () => ({ path: `/v1/organisations/${ids.orgId}/api-keys/${ids.rotatedKeyId}/rotate`, body: {} }),
    GetMe: () => ({ method: 'GET', path: '/v1/me' }),
    UploadStatement: () => ({ path: `/v1/statements?fundId=${F}&fileName=sao-ke.csv`, raw: { bytes: vcbLine(ids.pledgeRef!), type: 'text/csv' } }),
    RequestStatementUpload: () => ({ path: '/v1/statements/uploads', body: { fundId: F, fileName: 'sao-ke.csv', contentType: 'text/csv', size: 1000 } }),
    ProcessStatement: () => ({ path: `/v1/statements/${ids.statementId}/process`, idempotent: false }),
    ListStatements: () => ({ method: 'GET', path: `/v1/statements?fundId=${F}` }),
    GetStatement: () => ({ method: 'GET', path: `/v1/statements/${ids.statementId}` }),
    ListStatementLines: () => ({ method: 'GET', path: `/v1/statements/${ids.statementId}/lines` }),
    MatchStatementLine: () => ({ path: `/v1/statements/${ids.statementId}/lines/${ids.lineId}/match`, body: { pledgeRef: ids.pledgeRef } }),
    IgnoreStatementLine: () => ({ path: `/v1/statements/${ids.statementId}/lines/${ids.lineId}/ignore`, body: { reason: 'Chuyển nhầm' } }),
    GetReconciliation: () => ({ method: 'GET', path: `/v1/reconciliation/${F}` }),
    ListReviewLines: () => ({ method: 'GET', path: `/v1/reconciliation/${F}/lines` }),
    CountStatementLine: () => ({ path: `/v1/statements/${ids.statementId}/lines/${ids.lineId}/count`, body: {} }),
    DiscardStatementLine: () => ({ path: `/v1/statements/${ids.statementId}/lines/${ids.lineId}/discard`, body: { as: 'DUPLICATE', reason: 'Ngân hàng ghi hai lần' } }),
    PreviewStatementFile: () => ({ path: '/v1/statement-previews', raw: { bytes: vcbLine('UH'), type: 'text/csv' } }),
    CreateStatementMapping: () => ({ path: '/v1/statement-mappings', body: {} }),
    ListStatementMappings: () => ({ method: 'GET', path: '/v1/statement-mappings' }),
    GetStatementMapping: () => ({ method: 'GET', path: '/v1/statement-mappings/khong-co' }),
    UpdateStatementMapping: () => ({ method: 'PUT', path: '/v1/statement-mappings/khong-co', body: {} }),
    ListCommittees: () => ({ method: 'GET', path: `/v1/committees?parentId=${WARD}` }),
    GetCommittee: () => ({ method: 'GET', path: `/v1/committees/${WARD}` }),
    CreateCommittee: () => ({ path: '/v1/committees', body: { committeeId: `sg-to-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, name: { vi: 'Tổ', en: 'Team' }, parentId: WARD } }),
    ListStaffFunds: () => ({ method: 'GET', path: '/v1/staff/funds' }),
    CreateFund: () => ({ path: '/v1/funds', body: fundBody(`pv-${Math.random().toString(36).slice(2, 8)}`) }),
    EditFund: () => ({ method: 'PATCH', path: `/v1/funds/${F}`, body: { expectedVersion: 1, target: 9_000_000 } }),
    OpenFund: () => ({ path: `/v1/funds/${ids.draftId}/open`, body: {} }),
    CloseReceiving: () => ({ path: `/v1/funds/${ids.closingId}/close-receiving`, body: {} }),
    CloseFund: () => ({ path: `/v1/funds/${F}/close`, body: { reason: 'Kết thúc' } }),
    SetPlan: () => ({ method: 'PUT', path: `/v1/funds/${F}/plan`, body: { items: [{ wardCode: '26740', amount: 50_000_000 }] } }),
    RecordGoods: () => ({
      path: `/v1/funds/${F}/goods`,
      body: { description: 'Gạo', unit: 'kg', quantity: 10, estimatedValue: 200_000, donor: { type: 'individual', name: 'An', publishName: false }, receivingPoint: 'Kho', receivedAt: '2025-12-02T09:00:00+07:00' },
    }),
    HandOverGoods: () => ({ path: `/v1/funds/${F}/goods/${ids.lotId}/handovers`, body: { wardCode: '26740', quantity: 1, receivedBy: 'UBND phường', handedOverAt: '2025-12-03T09:00:00+07:00' } }),
  };
  /**
   * Routes that touch no one committee's fund: every staff member with the role may call them
   * (ListStaffFunds filters what it shows; a bank's column layout serves every committee).
   */
  const UNSCOPED = new Set(['GetMe', 'ListCommittees', 'GetCommittee', 'ListStaffFunds', 'ListOrganisations', 'PreviewStatementFile', 'CreateStatementMapping', 'ListStatementMappings', 'GetStatementMapping', 'UpdateStatementMapping']);

  function fundBody(fundId: string, committeeId = WARD) {
    const now = Date.now();
    return {
      fundId,
      code: fundId.toUpperCase(),
      name: { vi: 'Quỹ Tết phường Sài Gòn', en: 'Sài Gòn ward Tết fund' },
      purpose: { vi: 'Quà Tết', en: 'Tết gifts' },
      kind: 'both',
      target: 100_000_000,
      bankAccounts: [{ bankBin: '970436', accountNumber: '0071001262626', accountName: 'UY BAN MTTQ PHUONG SAI GON' }],
      receiving: { opensAt: new Date(now - 86_400_000).toISOString(), closesAt: new Date(now + 30 * 86_400_000).toISOString() },
      distributionDeadline: new Date(now + 60 * 86_400_000).toISOString().slice(0, 10),
      committeeId,
    };
  }

  async function call<T = Record<string, unknown>>(headers: Record<string, string>, sample: Sample) {
    return request<T>(twin, sample.method ?? 'POST', sample.path, {
      headers: { ...headers, ...((sample.method ?? 'POST') !== 'GET' && sample.idempotent !== false ? idem() : {}), ...(sample.raw ? { 'content-type': sample.raw.type } : {}) },
      ...(sample.raw ? { rawBody: sample.raw.bytes } : sample.body !== undefined ? { body: sample.body } : {}),
    });
  }

  async function ok<T = Record<string, unknown>>(headers: Record<string, string>, sample: Sample): Promise<T> {
    const response = await call<T>(headers, sample);
    expect(response.status, `${sample.path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    return response.body;
  }

  beforeAll(async () => {
    const admin = await central('admin');
    const clerk = await central('finance-clerk');
    await ok(admin, { path: '/v1/committees', body: { committeeId: 'sg-kp1', name: { vi: 'Ban công tác Mặt trận khu phố 1', en: 'Quarter 1 team' }, parentId: WARD } });
    await ok(admin, { path: '/v1/funds', body: fundBody(F) });
    await ok(admin, { path: `/v1/funds/${F}/open`, body: {} });
    ids.draftId = (await ok<{ fundId: string }>(admin, { path: '/v1/funds', body: fundBody('pham-vi-nhap') })).fundId;
    ids.closingId = (await ok<{ fundId: string }>(admin, { path: '/v1/funds', body: fundBody('pham-vi-dong') })).fundId;
    await ok(admin, { path: `/v1/funds/${ids.closingId}/open`, body: {} });
    ids.receiptId = (await ok<{ id: string }>(clerk, SAMPLES.RecordReceipt!())).id;
    ids.spareReceiptId = (await ok<{ id: string }>(clerk, { path: '/v1/receipts', body: { fundId: F, amount: 1_000, receivedAt: '2025-12-02T09:00:00+07:00', method: 'cash' } })).id;
    await ok(clerk, { path: '/v1/receipts', body: { fundId: F, amount: 50_000_000, receivedAt: '2025-12-02T09:00:00+07:00', method: 'bank' } });
    ids.pledgeRef = (await ok<{ ref: string }>({}, { path: '/v1/pledges', body: { fundId: F, donor: { type: 'individual', name: 'Nguyễn Văn A' }, amount: 150_000, publishName: false } })).ref;
    ids.disbursementRef = (await ok<{ ref: string }>(clerk, SAMPLES.RequestDisbursement!())).ref;
    // A flag needs a published target: a disbursement approved by someone other than its requester.
    const flagged = (await ok<{ ref: string }>(clerk, SAMPLES.RequestDisbursement!())).ref;
    await ok(await central('finance-approver'), { path: `/v1/disbursements/${flagged}/approve`, body: {} });
    ids.flagId = (await ok<{ id: string }>({}, { path: `/v1/funds/${F}/flags`, body: { disbursementRef: flagged, reason: 'Số tiền không khớp biên bản bàn giao' } })).id;
    ids.lotId = (await ok<{ id: string }>(clerk, SAMPLES.RecordGoods!())).id;
    ids.statementId = (await ok<{ id: string }>(clerk, SAMPLES.UploadStatement!())).id;
    await ok(clerk, { path: `/v1/statements/${ids.statementId}/process` });
    ids.lineId = (await ok<{ items: { lineId: string }[] }>(clerk, SAMPLES.ListStatementLines!())).items[0]!.lineId;
    ids.orgId = (await ok<{ id: string }>(admin, SAMPLES.CreateOrganisation!())).id;
    ids.keyId = (await ok<{ keyId: string }>(admin, SAMPLES.CreateApiKey!())).keyId;
    ids.rotatedKeyId = (await ok<{ keyId: string }>(admin, SAMPLES.CreateApiKey!())).keyId;
  }, 180_000);

  it('has a sample for every staff route', () => {
    expect(routes.filter((r) => r.access.kind === 'staff' && !(r.id in SAMPLES)).map((r) => r.id)).toEqual([]);
  });

  const staffRoutes = routes.filter((r) => r.access.kind === 'staff');
  it.each(staffRoutes.map((r) => [r.id, r] as const))('%s: the fund’s committee and its parent with children pass; the parent alone, a child and another ward get 403', async (_id, route) => {
    const role = (route.access as { roles: readonly Role[] }).roles[0]!;
    // One person per route and grant: whoever recorded the payment (PayDisbursement) may not also confirm it.
    const as = async (group: string) => ({ authorization: `Bearer ${await twin.tokens.issue(`u-${route.id}-${group.replace(/\W/g, '')}`, [group])}` });
    const outcomes: string[] = [];
    const cases: [string, string, boolean][] = [
      ['same committee', `scope:${WARD}:${role}`, true],
      ['parent, with its children', `scope:vn-79:${role}:children`, true],
      ['parent alone', `scope:vn-79:${role}`, UNSCOPED.has(route.id)],
      ['child committee', `scope:sg-kp1:${role}:children`, UNSCOPED.has(route.id)],
      ['another ward', `scope:vn-79-26743:${role}:children`, UNSCOPED.has(route.id)],
    ];
    for (const [who, group, allowed] of cases) {
      const response = await call(await as(group), SAMPLES[route.id]!());
      expect(response.status, `${who}: ${JSON.stringify(response.body)}`).toBeLessThan(500);
      if (allowed === (response.status === 403) || response.status === 401) outcomes.push(`${who} (${group}): got ${response.status} ${JSON.stringify(response.body).slice(0, 160)}`);
    }
    expect(outcomes).toEqual([]);
  });

  it('lists for each staff member only the funds their grants cover', async () => {
    const list = async (group: string) =>
      (await request<{ items: { fundId: string }[] }>(twin, 'GET', '/v1/staff/funds', { headers: { authorization: `Bearer ${await twin.tokens.issue('u', [group])}` } })).body.items.map((f) => f.fundId);
    expect(await list(`scope:${WARD}:auditor`)).toEqual(expect.arrayContaining([F, 'pham-vi-nhap']));
    expect(await list('scope:vn-79:auditor:children')).toContain(F);
    for (const group of ['scope:vn-79:auditor', 'scope:sg-kp1:auditor', 'scope:vn-79-26743:auditor:children']) expect(await list(group)).not.toContain(F);
  });

  it('lists for each staff member only the organisations their grants cover', async () => {
    const list = async (group: string, q = '') =>
      (await request<{ items: { id: string }[] }>(twin, 'GET', `/v1/organisations${q}`, { headers: { authorization: `Bearer ${await twin.tokens.issue('u', [group])}` } })).body.items.map((o) => o.id);
    expect(await list(`scope:${WARD}:auditor`)).toContain(ids.orgId);
    expect(await list('scope:vn-79:auditor:children')).toContain(ids.orgId);
    expect(await list('scope:vn-79:auditor:children', '?q=doan%20phuong%20sai%20gon')).toContain(ids.orgId);
    expect(await list('scope:vn-79:auditor:children', '?q=hoi%20chu%20thap%20do')).not.toContain(ids.orgId);
    for (const group of ['scope:vn-79:auditor', 'scope:sg-kp1:auditor', 'scope:vn-79-26743:auditor:children']) expect(await list(group)).not.toContain(ids.orgId);
  });

  it('refuses a ward clerk on another ward’s fund, whatever the request', async () => {
    const other = { authorization: `Bearer ${await twin.tokens.issue('binh', ['scope:vn-79-26743:finance-clerk'])}` };
    const response = await call(other, SAMPLES.RecordReceipt!());
    expect(response.status).toBe(403);
    expect(String(response.body.detail)).toMatch(/do not cover fund pham-vi-sg of committee vn-79-26740/);
  });
});

describe('staff tokens', () => {
  const me = (token: string) => request(twin, 'GET', '/v1/me', { headers: { authorization: `Bearer ${token}` } });

  it('accepts a valid token and reports the roles from its groups, with the committees each covers', async () => {
    const response = await request(twin, 'GET', '/v1/me', { headers: await staff(twin, 'lan', 'finance-approver') });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ userId: 'lan', roles: ['finance-approver'], grants: [{ committeeId: 'vn', role: 'finance-approver', children: true }] });
    const scoped = await twin.tokens.issue('binh', ['scope:vn-79-26740:finance-clerk', 'scope:vn-79:auditor:children', 'scope:vn-79:nobody']);
    const me = await request(twin, 'GET', '/v1/me', { headers: { authorization: `Bearer ${scoped}` } });
    expect(me.body).toEqual({
      userId: 'binh',
      roles: ['finance-clerk', 'auditor'],
      grants: [
        { committeeId: 'vn-79-26740', role: 'finance-clerk', children: false },
        { committeeId: 'vn-79', role: 'auditor', children: true },
      ],
    });
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
    expect((await request(twin, 'GET', '/v1/me', { headers: { 'x-api-key': 'sv_000000000000_' + 'A'.repeat(32) } })).status).toBe(401);
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
