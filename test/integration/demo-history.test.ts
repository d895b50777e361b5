/**
 * The demo history a fresh `npm start` plays: deterministic, believable, and enough that no fund
 * shows 0 ₫ and every page has something to show. Played here into a table of the test's own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAdminUnits } from '../../infra/local/seed';
import { demoHistory, statementCsv } from '../../infra/local/demo-history/script';
import type { Twin } from '../../infra/local/twin';
import { allItems, countByKind, request, staff, startTestTwin } from '../support/twin';

type Json = Record<string, unknown>;
let twin: Twin;

beforeAll(async () => {
  twin = await startTestTwin({ seedAdminUnits: true, streams: true, demoHistory: true });
}, 600_000);
afterAll(async () => twin?.stop());

describe('the demo history', () => {
  it('is the same history every time: the same pledges, statements, plans and goods', () => {
    const { units } = readAdminUnits();
    const once = demoHistory(units);
    expect(JSON.stringify(demoHistory(units))).toBe(JSON.stringify(once));
    expect(once.map((h) => h.fundId)).toEqual(['cuba-2025', 'lu-lut-2024', 'an-sinh-hcm-2025', 'vi-nguoi-ngheo']);
    expect(statementCsv(once[0]!.incoming[0]!)).toMatch(/^\uFEFFSTT,Ngày giao dịch,Số tham chiếu,Số tiền,Số dư,Nội dung giao dịch\r\n1,/);
  });

  it('leaves no fund at 0 ₫, with money that came through statements, plans, payouts, confirmations and goods', async () => {
    const { units } = readAdminUnits();
    const script = demoHistory(units);
    const funds = (await request<{ items: (Json & { fundId: string; status: string; totals: Record<string, number> })[] }>(twin, 'GET', '/v1/funds')).body.items;
    for (const history of script) {
      const fund = funds.find((f) => f.fundId === history.fundId)!;
      const credits = [...history.incoming, ...history.late].flatMap((s) => s.lines).filter((l) => l.amount > 0).reduce((sum, l) => sum + l.amount, 0);
      expect(fund.totals.received, history.fundId).toBe(credits);
      expect(fund.totals.pledgeCount, history.fundId).toBe(history.pledges.length + (history.fundId === 'an-sinh-hcm-2025' ? 40 : 0));
      expect(fund.totals.disbursed, history.fundId).toBe(history.disbursements.filter((d) => d.paid).reduce((sum, d) => sum + d.amount, 0));
      expect(fund.totals.confirmed, history.fundId).toBe(history.disbursements.filter((d) => d.confirmedAt).reduce((sum, d) => sum + d.amount, 0));
      expect(fund.totals.goodsReceived, history.fundId).toBe(history.goods.reduce((sum, g) => sum + g.estimatedValue, 0));
      expect(fund.totals.planned, history.fundId).toBe(history.plan?.items.reduce((sum, i) => sum + i.amount, 0) ?? 0);
    }
    expect(Object.fromEntries(funds.map((f) => [f.fundId, f.status]))).toMatchObject({ 'lu-lut-2024': 'CLOSED', 'cuba-2025': 'RECEIVING_CLOSED', 'an-sinh-hcm-2025': 'OPEN', 'vi-nguoi-ngheo': 'OPEN' });
    const kinds = countByKind(await allItems(twin));
    expect(kinds.STATEMENT).toBeGreaterThanOrEqual(10);
    // A statement line's receipt lives in its line batch (DESIGN §9.3).
    const lines = (await allItems(twin)).filter((item) => item.kind === 'STATEMENT_BATCH').flatMap((item) => JSON.parse(String(item.linesJson)) as { receipt?: string; late?: boolean; amount?: number }[]);
    expect(lines.filter((line) => line.receipt === 'RECORDED').length).toBeGreaterThan(400);
    expect(lines.filter((line) => line.late).map((line) => line.amount).sort()).toEqual([2_000_000, 500_000]);
  });

  it('gives every page something to show: the plan of 168 wards, goods, disbursements, reports, work waiting in the console', async () => {
    const plan = await request<{ items: Json[] }>(twin, 'GET', '/v1/funds/an-sinh-hcm-2025/plan');
    expect(plan.body.items).toHaveLength(168);
    const goods = await request<{ lots: Json[]; handovers: Json[] }>(twin, 'GET', '/v1/funds/lu-lut-2024/goods');
    expect(goods.body.lots).toHaveLength(2);
    expect(goods.body.handovers.length).toBeGreaterThan(0);
    for (const fundId of ['cuba-2025', 'lu-lut-2024', 'an-sinh-hcm-2025', 'vi-nguoi-ngheo']) {
      expect((await request<{ items: Json[] }>(twin, 'GET', `/v1/funds/${fundId}/disbursements`)).body.items.length, fundId).toBeGreaterThan(0);
      expect((await request<{ items: Json[] }>(twin, 'GET', `/v1/reports?fundId=${fundId}`)).body.items.length, fundId).toBe(1);
      expect((await request<{ items: Json[] }>(twin, 'GET', `/v1/funds/${fundId}/days`)).body.items.length, fundId).toBeGreaterThan(10);
    }
    const waiting = await request<{ items: Json[] }>(twin, 'GET', '/v1/disbursements?fundId=an-sinh-hcm-2025&status=REQUESTED', { headers: await staff(twin, 'lan', 'finance-approver') });
    expect(waiting.body.items.length).toBeGreaterThan(0);
    expect(twin.demo?.sampleRef).toMatch(/^UH/);
    const pledge = await request<Json>(twin, 'GET', `/v1/pledges/${twin.demo!.sampleRef}`);
    expect(pledge.status).toBe(200);
  });
});
