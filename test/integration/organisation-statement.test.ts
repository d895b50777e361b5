/**
 * An organisation's year-end statement (DESIGN §12.5) through the twin on DynamoDB Local: its
 * pledges of the year and older ones still moving or owed, by fund, what arrived in the year, what
 * is outstanding at its end, with totals
 * that are the journal's own sums; another organisation's statement is out of reach.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { seedTestFund } from '../support/reports';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

const F = `stmt-a-${randomUUID().slice(0, 8)}`;
const G = `stmt-b-${randomUUID().slice(0, 8)}`;
let twin: Twin;
const org = { a: { id: '', key: '' }, b: { id: '', key: '' } };
const refs: Record<string, string> = {};

interface Figures {
  pledged: number;
  received: number;
  outstanding: number;
}
interface Statement {
  orgId: string;
  year: number;
  funds: (Figures & { fundId: string; pledges: (Figures & { ref: string; date: string; amount: number; status: string })[] })[];
  totals: Figures;
}

/** Moves every clock of this process (the twin's handlers run in it) to `at`. */
function clockAt(at: string) {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(at));
}

async function ok<T>(method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<T> {
  const response = await request<T>(twin, method, path, { headers: { ...headers, ...idem() }, ...(body ? { body } : {}) });
  expect(response.status, `${method} ${path}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
  return response.body;
}

const pledge = async (who: 'a' | 'b', fundId: string, amount: number) =>
  (await ok<{ ref: string }>('POST', '/v1/pledges', { 'x-api-key': org[who].key }, { fundId, donor: { type: 'organisation', name: 'Công đoàn' }, amount, publishName: true })).ref;
const receive = async (ref: string, fundId: string, amount: number, receivedAt: string) =>
  ok('POST', '/v1/receipts', await staff(twin, 'an', 'finance-clerk'), { fundId, amount, receivedAt, method: 'bank', pledgeRef: ref });

beforeAll(async () => {
  twin = await startTestTwin();
  await seedTestFund(twin, F);
  await seedTestFund(twin, G);
  clockAt('2024-03-01T09:00:00+07:00');
  const admin = await staff(twin, 'quan', 'admin');
  for (const who of ['a', 'b'] as const) {
    org[who].id = (await ok<{ id: string }>('POST', '/v1/organisations', admin, { name: `Công ty ${who.toUpperCase()}` })).id;
    org[who].key = (await ok<{ apiKey: string }>('POST', `/v1/organisations/${org[who].id}/api-keys`, admin, { label: 'ERP', expiresInDays: 730 })).apiKey;
  }
  clockAt('2024-06-01T09:00:00+07:00');
  refs.p1 = await pledge('a', F, 1_000_000);
  refs.q1 = await pledge('b', F, 700_000);
  await receive(refs.q1, F, 700_000, '2024-06-02T09:00:00+07:00');
  clockAt('2024-12-31T23:00:00+07:00');
  await receive(refs.p1, F, 400_000, '2024-12-31T22:30:00+07:00');
  clockAt('2025-01-02T09:00:00+07:00');
  // After the year's end: in 2025's statement, not 2024's.
  await receive(refs.p1, F, 100_000, '2025-01-02T08:00:00+07:00');
  refs.p2 = await pledge('a', F, 2_500_000);
  refs.p3 = await pledge('a', G, 300_000);
  await ok('POST', `/v1/pledges/${refs.p3}/cancel`, await staff(twin, 'duyet', 'finance-approver'), { reason: 'Nhập trùng' });
  clockAt('2025-02-01T09:00:00+07:00');
  await receive(refs.p2, F, 2_000_000, '2025-02-01T08:00:00+07:00');
  vi.useRealTimers();
}, 120_000);
afterAll(async () => twin?.stop());
// The keys were issued in 2024 for two years: the statements are read while they still work.
beforeEach(() => clockAt('2025-06-01T09:00:00+07:00'));
afterEach(() => vi.useRealTimers());

const own = (who: 'a' | 'b', year: string) => request<Statement & { errors?: { path: string }[] }>(twin, 'GET', `/v1/org/statement?year=${year}`, { headers: { 'x-api-key': org[who].key } });

/** The journal's own sums for these pledges and days, read through the staff journal route. */
async function journalSums(fundId: string, pledgeRefs: string[], year: number): Promise<{ pledged: number; received: number }> {
  const auditor = await staff(twin, 'kiem', 'auditor');
  let pledged = 0;
  let received = 0;
  let cursor: string | undefined;
  do {
    const page = await ok<{ items: { type: string; day: string; entityRef: string; deltas: Record<string, number>; publicDetails?: Record<string, unknown>; details?: Record<string, unknown> }[]; cursor?: string }>(
      'GET',
      `/v1/funds/${fundId}/journal?limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      auditor,
    );
    for (const entry of page.items) {
      if (!entry.day.startsWith(`${year}-`)) continue;
      const details = entry.publicDetails ?? entry.details ?? {};
      if (pledgeRefs.includes(entry.entityRef)) pledged += entry.deltas.pledged ?? 0;
      if (pledgeRefs.includes(details.pledgeRef as string)) received += entry.deltas.received ?? 0;
    }
    cursor = page.cursor;
  } while (cursor);
  return { pledged, received };
}

describe('an organisation’s statement for a year', () => {
  it('lists the year’s pledges by fund: pledged, received by the year’s end, outstanding, and totals', async () => {
    const response = await own('a', '2024');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({ orgId: org.a.id, year: 2024, totals: { pledged: 1_000_000, received: 400_000, outstanding: 600_000 } });
    expect(response.body.funds).toEqual([
      expect.objectContaining({
        fundId: F,
        pledged: 1_000_000,
        received: 400_000,
        outstanding: 600_000,
        pledges: [expect.objectContaining({ ref: refs.p1, date: '2024-06-01', amount: 1_000_000, pledged: 1_000_000, received: 400_000, outstanding: 600_000 })],
      }),
    ]);
  });

  it('keeps to the year asked for: a cancelled pledge owes nothing, and the figures are the journal’s', async () => {
    const body = (await own('a', '2025')).body;
    expect(body.funds.map((f) => [f.fundId, f.pledges.map((p) => p.ref).sort()])).toEqual([[F, [refs.p1, refs.p2].sort()], [G, [refs.p3]]].sort((x, y) => (x[0]! < y[0]! ? -1 : 1)));
    expect(body.funds.find((f) => f.fundId === G)).toMatchObject({ pledged: 0, received: 0, outstanding: 0, pledges: [{ status: 'CANCELLED', amount: 300_000 }] });
    expect(body.totals).toEqual({ pledged: 2_500_000, received: 2_100_000, outstanding: 1_000_000 });
    const fromJournal = [await journalSums(F, [refs.p1!, refs.p2!], 2025), await journalSums(G, [refs.p3!], 2025)];
    expect(body.totals.pledged).toBe(fromJournal[0]!.pledged + fromJournal[1]!.pledged);
    expect(body.totals.received).toBe(fromJournal[0]!.received + fromJournal[1]!.received);
    const p1In2024 = await journalSums(F, [refs.p1!], 2024);
    expect((await own('a', '2024')).body.totals).toMatchObject(p1In2024);
    expect((await own('a', '2023')).body).toMatchObject({ funds: [], totals: { pledged: 0, received: 0, outstanding: 0 } });
  });

  it('puts money that arrives after the year of its pledge in the year it arrived, with the pledge still owed', async () => {
    const body = (await own('a', '2025')).body;
    const late = body.funds.flatMap((f) => f.pledges).find((p) => p.ref === refs.p1);
    expect(late).toMatchObject({ date: '2024-06-01', amount: 1_000_000, pledged: 0, received: 100_000, outstanding: 500_000 });
    // Every đồng received is in exactly one year's statement: the years add up to all receipts.
    let received = 0;
    for (const year of ['2023', '2024', '2025', '2026']) received += (await own('a', year)).body.totals.received;
    expect(received).toBe(400_000 + 100_000 + 2_000_000);
    // Nothing moved in 2026 and nothing was owed at its end but p1 and p2's remainders.
    const next = (await own('a', '2026')).body;
    expect(next.totals).toEqual({ pledged: 0, received: 0, outstanding: 1_000_000 });
    expect(next.funds.flatMap((f) => f.pledges.map((p) => p.ref)).sort()).toEqual([refs.p1, refs.p2].sort());
  });

  it('shows a key only its own organisation: B’s key sees B’s pledges, never A’s', async () => {
    const b = (await own('b', '2024')).body;
    expect(b.orgId).toBe(org.b.id);
    expect(b.funds.flatMap((f) => f.pledges.map((p) => p.ref))).toEqual([refs.q1]);
    expect(JSON.stringify(b)).not.toContain(refs.p1!);
  });

  it('refuses A’s key and A’s console sign-in on B’s statement, and gives it to staff', async () => {
    const path = `/v1/organisations/${org.b.id}/statement?year=2024`;
    const byKey = await request(twin, 'GET', path, { headers: { 'x-api-key': org.a.key } });
    expect([401, 403, 404]).toContain(byKey.status);
    const signedIn = await request(twin, 'GET', path, { headers: { authorization: `Bearer ${await twin.tokens.issue('hoa', [`org:${org.a.id}`])}` } });
    expect(signedIn.status).toBe(403);
    expect(JSON.stringify(byKey.body) + JSON.stringify(signedIn.body)).not.toContain(refs.q1!);
    const byStaff = await request<Statement>(twin, 'GET', path, { headers: await staff(twin, 'kiem', 'auditor') });
    expect(byStaff.status).toBe(200);
    expect(byStaff.body.totals).toEqual({ pledged: 700_000, received: 700_000, outstanding: 0 });
    expect((await request(twin, 'GET', `/v1/organisations/01JC0000000000000000000000/statement?year=2024`, { headers: await staff(twin, 'kiem', 'auditor') })).status).toBe(404);
  });

  it('answers a bad or missing year with 400 naming the field, and writes nothing', async () => {
    const before = (await allItems(twin)).length;
    for (const year of ['24', 'abcd', '2024-01', '']) {
      const response = await own('a', year);
      expect(response.status, year).toBe(400);
      expect(response.body.errors?.map((e) => e.path)).toEqual(['query.year']);
    }
    const missing = await request<{ errors: { path: string }[] }>(twin, 'GET', `/v1/organisations/${org.a.id}/statement`, { headers: await staff(twin, 'kiem', 'auditor') });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.path)).toEqual(['query.year']);
    expect((await allItems(twin)).length).toBe(before);
  });
});
