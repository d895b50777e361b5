/** The staff list of a fund's disbursements: newest first, by status, a page at a time. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { seedFund } from '../support/statements';
import { idem, request, staff, startTestTwin } from '../support/twin';

let twin: Twin;
let clerk: Record<string, string>;
let approver: Record<string, string>;
let auditor: Record<string, string>;
const FUND_ID = `disb-list-${Date.now().toString(36)}`;
const refs: string[] = [];

type Page = { items: { ref: string; status: string; requestedBy: string }[]; cursor?: string };
const list = (query: Record<string, string>, headers = approver) => request<Page>(twin, 'GET', `/v1/disbursements?${new URLSearchParams({ fundId: FUND_ID, ...query })}`, { headers });

beforeAll(async () => {
  twin = await startTestTwin();
  clerk = await staff(twin, 'an', 'finance-clerk');
  approver = await staff(twin, 'lan', 'finance-approver');
  auditor = await staff(twin, 'thu', 'auditor');
  await seedFund(twin, FUND_ID, '0071000999999');
  const funded = await request(twin, 'POST', '/v1/receipts', {
    body: { fundId: FUND_ID, amount: 10_000_000, receivedAt: '2025-11-20T09:00:00+07:00', method: 'cash' },
    headers: { ...clerk, ...idem() },
  });
  expect(funded.status).toBe(201);
  for (const amount of [1_000_000, 2_000_000, 3_000_000]) {
    const created = await request<{ ref: string }>(twin, 'POST', '/v1/disbursements', {
      body: { fundId: FUND_ID, beneficiary: { organisation: { name: 'Hội Chữ thập đỏ phường', taxCode: '0301234567' } }, amount, purpose: `Cứu trợ ${amount}` },
      headers: { ...clerk, ...idem() },
    });
    expect(created.status).toBe(201);
    refs.push(created.body.ref);
  }
  const approved = await request(twin, 'POST', `/v1/disbursements/${refs[1]}/approve`, { body: {}, headers: { ...approver, ...idem() } });
  expect(approved.status).toBe(200);
});
afterAll(async () => twin?.stop());

describe('GET /v1/disbursements', () => {
  it('lists a fund’s disbursements newest first, with who requested them', async () => {
    const all = await list({}, auditor);
    expect(all.status).toBe(200);
    expect(all.body.items.map((d) => d.ref)).toEqual([...refs].reverse());
    expect(all.body.items.every((d) => d.requestedBy === 'staff:an')).toBe(true);
    expect(all.body.cursor).toBeUndefined();
  });

  it('filters by status: what waits for an approver, and what waits to be paid', async () => {
    expect((await list({ status: 'REQUESTED' })).body.items.map((d) => d.ref)).toEqual([refs[2], refs[0]]);
    expect((await list({ status: 'APPROVED' }, clerk)).body.items.map((d) => d.ref)).toEqual([refs[1]]);
    expect((await list({ status: 'PAID' })).body.items).toEqual([]);
  });

  it('pages with a cursor, every item once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: '2', ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((d) => d.ref));
      cursor = page.body.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual([...refs].reverse());
  });

  it('without a fund, lists across every fund: the approver’s one queue', async () => {
    const queue = await request<Page>(twin, 'GET', '/v1/disbursements?status=REQUESTED', { headers: approver });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((d) => d.ref)).toEqual([refs[2], refs[0]]);
    expect((await request(twin, 'GET', '/v1/disbursements?status=REQUESTED')).status).toBe(401);
  });

  it('answers 400 for a foreign cursor or an unknown status, 404 for an unknown fund', async () => {
    const foreign = await list({ cursor: Buffer.from(JSON.stringify({ pk: 'x', sk: 'y' })).toString('base64url') });
    expect(foreign.status).toBe(400);
    expect(JSON.stringify(foreign.body)).toContain('query.cursor');
    expect((await list({ status: 'SPENT' })).status).toBe(400);
    const unknown = await request(twin, 'GET', '/v1/disbursements?fundId=no-such-fund', { headers: approver });
    expect(unknown.status).toBe(404);
  });
});
