/**
 * Campaigns through the twin, on DynamoDB Local: bad input refused whole and named; an
 * organisation's list of 10,000 pledges; plan against actual under concurrent approvals, with the
 * drift check over plan and goods; and the nightly report carrying both, verified.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../functions/reports/nightly';
import type { Twin } from '../../infra/local/twin';
import { urlSource } from '../../infra/local/verify-report';
import { stores } from '../../shared/adapters/dynamo';
import { vietnamToday } from '../../shared/domain/format';
import { closingOf } from '../../shared/reports/layout';
import { nodeHasher } from '../../shared/reports/node-hash';
import type { ReportSummary } from '../../shared/reports/summary';
import { verifyReport } from '../../shared/reports/verify';
import { checkDrift } from '../../shared/usecases/totals-drift';
import { memberList } from '../support/pledge-lists';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

type Json = Record<string, unknown>;

let twin: Twin;
let admin: Record<string, string>;
let clerk: Record<string, string>;
let approver: Record<string, string>;
let orgKey: Record<string, string>;

beforeAll(async () => {
  twin = await startTestTwin({ seedAdminUnits: true, streams: true });
  admin = await staff(twin, 'quan', 'admin');
  clerk = await staff(twin, 'an', 'finance-clerk');
  approver = await staff(twin, 'lan', 'finance-approver');
  const org = await request<{ id: string }>(twin, 'POST', '/v1/organisations', { body: { name: 'Công đoàn Tổng công ty' }, headers: { ...admin, ...idem() } });
  const key = await request<{ apiKey: string }>(twin, 'POST', `/v1/organisations/${org.body.id}/api-keys`, { body: { label: 'danh sách' }, headers: { ...admin, ...idem() } });
  orgKey = { 'x-api-key': key.body.apiKey };
}, 180_000);
afterAll(async () => twin?.stop());

async function ok<T = Json>(method: string, path: string, options: { body?: unknown; headers?: Record<string, string>; rawBody?: string } = {}): Promise<T> {
  const response = await request<T>(twin, method, path, options);
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body).slice(0, 400)}`).toBeLessThan(300);
  return response.body;
}

function fundBody(fundId: string, overrides: Json = {}): Json {
  const now = Date.now();
  return {
    fundId,
    code: fundId.toUpperCase(),
    name: { vi: 'An sinh phường Sài Gòn', en: 'Sài Gòn ward welfare' },
    purpose: { vi: 'Hỗ trợ hộ khó khăn', en: 'Support for households in need' },
    kind: 'both',
    target: 2_000_000_000,
    bankAccounts: [
      { bankBin: '970436', accountNumber: '0071001262626', accountName: 'UY BAN MTTQ TP HCM' },
      { bankBin: '970418', accountNumber: '31410000262626', accountName: 'UY BAN MTTQ TP HCM' },
    ],
    receiving: { opensAt: new Date(now - 3 * 86_400_000).toISOString(), closesAt: new Date(now + 30 * 86_400_000).toISOString() },
    distributionDeadline: new Date(now + 60 * 86_400_000).toISOString().slice(0, 10),
    committeeId: 'vn-79',
    ...overrides,
  };
}

async function openFund(fundId: string, overrides: Json = {}): Promise<void> {
  await ok('POST', '/v1/funds', { body: fundBody(fundId, overrides), headers: { ...admin, ...idem() } });
  await ok('POST', `/v1/funds/${fundId}/open`, { body: {}, headers: { ...admin, ...idem() } });
}

describe('bad input gets a 4xx naming the field, and writes nothing', () => {
  it('refuses a plan naming an unknown unit, a negative quantity, a second fund with the same code, a wrong account length and closing twice', async () => {
    const fundId = `sai-${randomUUID().slice(0, 6)}`;
    await openFund(fundId);
    await ok('POST', `/v1/funds/${fundId}/close-receiving`, { body: {}, headers: { ...admin, ...idem() } });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await ok('POST', `/v1/funds/${fundId}/close`, { body: { reason: 'Kết thúc' }, headers: { ...admin, ...idem() } });
    const open = `sai-mo-${randomUUID().slice(0, 6)}`;
    await openFund(open);
    const cases: { what: string; method: string; path: string; body: Json; headers: Record<string, string>; status: number; field: string }[] = [
      { what: 'a plan naming an unknown unit', method: 'PUT', path: `/v1/funds/${open}/plan`, body: { items: [{ wardCode: '26740', amount: 1_000 }, { wardCode: '99999', amount: 1_000 }] }, headers: approver, status: 422, field: 'body.items.1.wardCode' },
      {
        what: 'a negative quantity',
        method: 'POST',
        path: `/v1/funds/${open}/goods`,
        body: { description: 'Gạo', unit: 'kg', quantity: -5, estimatedValue: 100_000, donor: { type: 'individual', name: 'An', publishName: false }, receivingPoint: 'Kho', receivedAt: new Date().toISOString() },
        headers: clerk,
        status: 400,
        field: 'body.quantity',
      },
      { what: 'a second fund with the same code', method: 'POST', path: '/v1/funds', body: fundBody(`${open}-2`, { code: open.toUpperCase() }), headers: admin, status: 422, field: 'body.code' },
      {
        what: 'an account number with a wrong length for its bank',
        method: 'POST',
        path: '/v1/funds',
        body: fundBody(`${open}-3`, { bankAccounts: [{ bankBin: '970436', accountNumber: '0071001262626', accountName: 'A' }, { bankBin: '970418', accountNumber: '31410000262', accountName: 'B' }] }),
        headers: admin,
        status: 400,
        field: 'body.bankAccounts.1.accountNumber',
      },
      { what: 'closing a fund twice', method: 'POST', path: `/v1/funds/${fundId}/close`, body: { reason: 'Đóng lần hai' }, headers: admin, status: 409, field: '' },
    ];
    for (const c of cases) {
      const before = await allItems(twin);
      const response = await request<Json>(twin, c.method, c.path, { body: c.body, headers: { ...c.headers, ...idem() } });
      expect(response.status, `${c.what}: ${JSON.stringify(response.body)}`).toBe(c.status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      if (c.field) expect((response.body.errors as { path: string }[]).map((e) => e.path), c.what).toContain(c.field);
      else expect(response.body.currentState, c.what).toBe('CLOSED');
      const after = await allItems(twin);
      expect(after.length, `${c.what} wrote something`).toBe(before.length);
    }
    const wrongLength = await request<Json>(twin, 'POST', '/v1/funds', { body: fundBody(`${open}-4`, { bankAccounts: [{ bankBin: '970436', accountNumber: '12345678', accountName: 'A' }] }), headers: { ...admin, ...idem() } });
    expect((wrongLength.body.errors as { message: string }[])[0]!.message).toMatch(/Vietcombank account number has 10, 13 digits, not 8/);
  });
});

describe('an organisation’s batch', () => {
  it('creates 9,950 pledges from 10,000 rows with 50 bad ones, reports the 50 by row and column, and a second upload creates none', { timeout: 1_800_000 }, async () => {
    const fundId = `dot-${randomUUID().slice(0, 6)}`;
    await openFund(fundId);
    const list = memberList(10_000, 50);
    const upload = async () => {
      const batch = await ok<{ id: string; accepted: number; rejected: number; errors: { path: string; message: string }[] }>('POST', `/v1/org/batches?fundId=${fundId}&fileName=doan-vien.csv`, {
        rawBody: list.csv,
        headers: { ...orgKey, ...idem(), 'content-type': 'text/csv' },
      });
      let status = 202;
      let view: Json = {};
      while (status === 202) {
        const response = await request<Json>(twin, 'POST', `/v1/org/batches/${batch.id}/process`, { headers: orgKey });
        status = response.status;
        view = response.body;
      }
      expect(status, JSON.stringify(view)).toBe(200);
      return { batch, view };
    };
    const first = await upload();
    expect(first.batch).toMatchObject({ accepted: 9_950, rejected: 50 });
    expect(first.batch.errors.map((e) => e.path)).toEqual(list.badPaths);
    expect(first.view).toMatchObject({ status: 'COMPLETED', created: 9_950, existing: 0, refused: 0 });
    const pledges = (await allItems(twin)).filter((item) => item.kind === 'PLEDGE' && item.fundId === fundId);
    expect(pledges).toHaveLength(9_950);
    expect(pledges.reduce((sum, p) => sum + Number(p.amount), 0)).toBe(list.goodTotal);

    const second = await upload();
    expect(second.view).toMatchObject({ created: 0, existing: 9_950 });
    expect((await allItems(twin)).filter((item) => item.kind === 'PLEDGE' && item.fundId === fundId)).toHaveLength(9_950);
    const rows = await ok<{ rows: { items: { rowNo: number; ref?: string; status?: string; received?: number }[]; cursor?: string } }>('GET', `/v1/org/batches/${second.batch.id}`, { headers: orgKey });
    expect(rows.rows.items[0]).toMatchObject({ rowNo: 2, status: 'PLEDGED', received: 0 });
    expect(rows.rows.cursor).toBe('1');
  });
});

describe('plan against actual', () => {
  it('stays exact under concurrent approvals, and the drift check covers plan, confirmations and goods', async () => {
    const fundId = `kh-${randomUUID().slice(0, 6)}`;
    await openFund(fundId);
    await ok('POST', '/v1/receipts', { body: { fundId, amount: 500_000_000, receivedAt: new Date().toISOString(), method: 'bank' }, headers: { ...clerk, ...idem() } });
    await ok('PUT', `/v1/funds/${fundId}/plan`, { body: { items: [{ wardCode: '26740', amount: 100_000_000 }, { wardCode: '26743', amount: 50_000_000 }] }, headers: { ...approver, ...idem() } });
    const requests: string[] = [];
    for (let i = 0; i < 8; i++) {
      const made = await ok<{ ref: string; beyondPlan?: unknown }>('POST', '/v1/disbursements', { body: { fundId, beneficiary: { wardCode: '26740' }, amount: 30_000_000, purpose: `Đợt ${i + 1}` }, headers: { ...clerk, ...idem() } });
      requests.push(made.ref);
    }
    const approvals = await Promise.all(requests.map((ref) => request<Json>(twin, 'POST', `/v1/disbursements/${ref}/approve`, { body: {}, headers: { ...approver, ...idem() } })));
    expect(approvals.filter((r) => r.status === 200)).toHaveLength(3);
    expect(approvals.filter((r) => r.status === 422).every((r) => (r.body.errors as { path: string }[])[0]!.path === 'body.overridePlan')).toBe(true);
    expect(approvals.filter((r) => r.status !== 200 && r.status !== 422)).toEqual([]);
    const approved = requests.filter((_, i) => approvals[i]!.status === 200);
    await ok('POST', `/v1/disbursements/${approved[0]}/pay`, { body: { bankRef: 'FT-KH-1', paidAt: new Date().toISOString() }, headers: { ...clerk, ...idem() } });
    const wardClerk = { authorization: `Bearer ${await twin.tokens.issue('phuong', ['scope:vn-79-26740:finance-clerk'])}` };
    await ok('POST', `/v1/disbursements/${approved[0]}/confirm`, { body: { confirmedBy: 'UBND phường Sài Gòn' }, headers: { ...wardClerk, ...idem() } });
    const lot = await ok<{ id: string }>('POST', `/v1/funds/${fundId}/goods`, {
      body: { description: 'Mì gói', unit: 'thung', quantity: 200, estimatedValue: 24_000_000, donor: { type: 'organisation', name: 'Công ty Thực phẩm', publishName: true }, receivingPoint: 'Kho phường', receivedAt: new Date().toISOString() },
      headers: { ...clerk, ...idem() },
    });
    await ok('POST', `/v1/funds/${fundId}/goods/${lot.id}/handovers`, { body: { wardCode: '26740', quantity: 50, receivedBy: 'UBND phường Sài Gòn', handedOverAt: new Date().toISOString() }, headers: { ...clerk, ...idem() } });
    await twin.waitForTotals(60_000);
    const plan = await ok<{ items: Json[] }>('GET', `/v1/funds/${fundId}/plan`);
    expect(plan.items).toEqual([
      expect.objectContaining({ wardCode: '26740', wardName: 'Phường Sài Gòn', planned: 100_000_000, committed: 90_000_000, approved: 60_000_000, disbursed: 30_000_000, confirmed: 30_000_000 }),
      expect.objectContaining({ wardCode: '26743', wardName: 'Phường Bến Thành', planned: 50_000_000, committed: 0, disbursed: 0 }),
    ]);
    const fund = await ok<{ totals: Json }>('GET', `/v1/funds/${fundId}`);
    expect(fund.totals).toMatchObject({ planned: 150_000_000, goodsReceived: 24_000_000, goodsHandedOver: 6_000_000, confirmed: 30_000_000 });
    const drift = await checkDrift(stores, fundId, { attempts: 5, delayMs: 500 });
    expect(drift.ok).toBe(true);
    expect(drift.scopes.find((s) => s.scope === `${fundId}#WARD#26740`)!.expected).toMatchObject({ planned: 100_000_000, confirmed: 30_000_000, goodsHandedOver: 6_000_000 });

    // The nightly report carries the plan and the goods, and verify-report passes on it.
    const date = vietnamToday();
    await runNightly({ date, fundIds: [fundId] }, closingOf(date));
    const result = await verifyReport(urlSource(`${twin.url}/v1/reports/${fundId}/${date}/files/`), { hasher: nodeHasher });
    expect(result.failure).toBeUndefined();
    const summary = (await (await fetch(`${twin.url}/reports/${fundId}/${date}/summary.json`)).json()) as ReportSummary;
    expect(summary.plan.wards.map((w) => [w.wardCode, w.planned, w.disbursed, w.confirmed])).toEqual([
      ['26740', 100_000_000, 30_000_000, 30_000_000],
      ['26743', 50_000_000, 0, 0],
    ]);
    expect(summary.goods.units).toEqual([{ unit: 'thung', receivedMilli: 200_000, handedOverMilli: 50_000, receivedValue: 24_000_000, handedOverValue: 6_000_000 }]);
  });
});
