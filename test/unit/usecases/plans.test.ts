/**
 * The allocation plan on the in-memory stores: 168 wards in parts, journaled as deltas, exact under
 * concurrent approvals, overridden only explicitly; disbursement requests checked against what is
 * available; and the drift check covering plan and goods totals.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { AdminUnit } from '../../../shared/domain/admin-units';
import type { JournalEntry } from '../../../shared/domain/journal';
import { ConflictError, IdempotencyKeyReuseError, UnprocessableError } from '../../../shared/errors';
import { actOnDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { getFundWithTotals } from '../../../shared/usecases/funds';
import { handOverGoods, recordGoods } from '../../../shared/usecases/goods';
import { getPlan, setPlan } from '../../../shared/usecases/plans';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { applyJournalBatch } from '../../../shared/usecases/totals-stream';
import { checkDrift } from '../../../shared/usecases/totals-drift';
import { COMMUNES, counts, ctx, HCMC_FUND, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';

const fundId = HCMC_FUND.fundId;
/** 168 wards of province 79 (codes 27000…27167), as the city's plan names them. */
const WARDS: AdminUnit[] = Array.from({ length: 168 }, (_, i) => ({
  code: String(27000 + i),
  name: `Phường ${i + 1}`,
  type: 'phường',
  provinceCode: '79',
  provinceName: 'Thành phố Hồ Chí Minh',
}));

let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
  ledger.state.seedAdminUnits([...COMMUNES, ...WARDS]);
});

async function journal(): Promise<JournalEntry[]> {
  const entries: JournalEntry[] = [];
  for await (const page of ledger.stores.journal.pages(fundId)) entries.push(...page);
  return entries;
}

/** The totals consumer over the fund's journal as one stream shard carries it: entry i at sequence number 1000 + i. */
async function applyAll(): Promise<void> {
  const records = (await journal()).map((entry, i) => ({ sequenceNumber: String(1000 + i), entry }));
  const outcome = await applyJournalBatch(ledger.stores.counters, { stream: 'arn:stream', shardId: 'shardId-1' }, records);
  expect(outcome.error).toBeUndefined();
}

const receive = (amount: number) => recordReceipt(ledger.stores, { fundId, amount, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank' }, ctx('staff:an'));
const request = async (amount: number, wardCode = '26734') =>
  (await requestDisbursement(ledger.stores, { fundId, beneficiary: { wardCode }, amount, purpose: 'Mô hình điểm an sinh' }, ctx('staff:an'))).body;
const cityPlan = (amount = 200_000_000) => WARDS.map((w) => ({ wardCode: w.code, amount }));

describe('the allocation plan', () => {
  it('sets a plan of 168 wards in parts: one PLAN_SET entry per ward with its planned delta, the header COMPLETE at version 1', async () => {
    const { status, body } = await setPlan(ledger.stores, fundId, { items: cityPlan() }, ctx('staff:quan'));
    expect(status).toBe(200);
    expect(body).toMatchObject({ version: 1, status: 'COMPLETE', wardCount: 168, total: 168 * 200_000_000, changedWards: 168 });
    const entries = (await journal()).filter((e) => e.type === 'PLAN_SET');
    expect(entries).toHaveLength(168);
    expect(entries.every((e) => e.deltas.planned === 200_000_000 && e.entityType === 'plan' && e.publicDetails.planVersion === 1)).toBe(true);
    expect(await ledger.stores.plans.header(fundId)).toMatchObject({ version: 1, status: 'COMPLETE' });
    // A second plan changes only what differs: one ward lowered, one removed.
    const next = cityPlan().map((item, i) => (i === 0 ? { ...item, amount: 150_000_000 } : item)).slice(0, 167);
    const second = await setPlan(ledger.stores, fundId, { items: next, expectedVersion: 1 }, ctx('staff:quan'));
    expect(second.body).toMatchObject({ version: 2, changedWards: 2, wardCount: 167 });
    const deltas = (await journal()).filter((e) => e.type === 'PLAN_SET').slice(168).map((e) => [e.wardCode, e.deltas.planned]);
    expect(deltas).toEqual([
      ['27000', -50_000_000],
      ['27167', -200_000_000],
    ]);
    await applyAll();
    expect((await getFundWithTotals(ledger.stores, fundId)).totals.planned).toBe(166 * 200_000_000 + 150_000_000);
  });

  it('refuses a plan naming an unknown unit or one outside the fund’s province, by item, writing nothing', async () => {
    const before = counts(ledger.state);
    const error = await setPlan(ledger.stores, fundId, { items: [...cityPlan().slice(0, 3), { wardCode: '99999', amount: 1 }, { wardCode: '00004', amount: 1 }] }, ctx('staff:quan')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).errors.map((e) => e.path)).toEqual(['body.items.3.wardCode', 'body.items.4.wardCode']);
    expect(counts(ledger.state)).toEqual(before);
    expect(await ledger.stores.plans.header(fundId)).toBeNull();
  });

  it('answers a retry with the same key from its record, refuses the key with another plan, and refuses a stale version', async () => {
    const key = ctx('staff:quan');
    const first = await setPlan(ledger.stores, fundId, { items: cityPlan() }, key);
    const again = await setPlan(ledger.stores, fundId, { items: cityPlan() }, { ...key });
    expect(again).toEqual(first);
    expect((await journal()).filter((e) => e.type === 'PLAN_SET')).toHaveLength(168);
    await expect(setPlan(ledger.stores, fundId, { items: cityPlan(1) }, { ...key })).rejects.toBeInstanceOf(IdempotencyKeyReuseError);
    await expect(setPlan(ledger.stores, fundId, { items: cityPlan(1), expectedVersion: 0 }, ctx('staff:quan'))).rejects.toBeInstanceOf(ConflictError);
  });

  it('resumes a plan a crash left half-written when the same request comes again', async () => {
    const key = ctx('staff:quan');
    let commits = 0;
    const crashing = {
      ...ledger.stores,
      transaction: {
        commit: async (ops: Parameters<typeof ledger.stores.transaction.commit>[0]) => {
          if (++commits === 3) throw new Error('the connection dropped');
          return ledger.stores.transaction.commit(ops);
        },
      },
    };
    await expect(setPlan(crashing, fundId, { items: cityPlan() }, key)).rejects.toThrow(/dropped/);
    expect(await ledger.stores.plans.header(fundId)).toMatchObject({ version: 1, status: 'APPLYING' });
    const { body } = await setPlan(ledger.stores, fundId, { items: cityPlan() }, { ...key });
    expect(body).toMatchObject({ version: 1, status: 'COMPLETE', changedWards: 78 });
    expect((await journal()).filter((e) => e.type === 'PLAN_SET')).toHaveLength(168);
    expect((await ledger.stores.plans.wards(fundId)).every((w) => w.planned === 200_000_000)).toBe(true);
  });

  it('never lowers a ward below what is committed to it', async () => {
    await receive(10_000_000);
    await setPlan(ledger.stores, fundId, { items: [{ wardCode: '26734', amount: 5_000_000 }] }, ctx('staff:quan'));
    const d = await request(4_000_000);
    await actOnDisbursement(ledger.stores, d.ref, { action: 'approve' }, ctx('staff:lan'));
    const error = await setPlan(ledger.stores, fundId, { items: [{ wardCode: '26734', amount: 3_000_000 }] }, ctx('staff:quan')).catch((e: unknown) => e);
    expect((error as UnprocessableError).errors).toEqual([{ path: 'body.items.0.amount', message: expect.stringContaining('has 4000000 committed already') }]);
    expect(await getPlan(ledger.stores, fundId)).toMatchObject({ version: 1, items: [{ wardCode: '26734', planned: 5_000_000, committed: 4_000_000, approved: 0 }] });
  });
});

describe('disbursements against the plan and the balance', () => {
  it('refuses a request above what is available with the shortfall, formatted, Vietnamese first (422 on body.amount)', async () => {
    await receive(1_000_000);
    const error = await request(5_000_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnprocessableError);
    expect((error as UnprocessableError).errors[0]!.path).toBe('body.amount');
    expect((error as Error).message).toBe(
      'Số dư khả dụng của quỹ là 1.000.000 ₫, không đủ cho khoản chi 5.000.000 ₫ (thiếu 4.000.000 ₫). / The fund has 1,000,000 VND available, 4,000,000 VND short of the 5,000,000 VND asked for.',
    );
    expect(ledger.state.disbursements.size).toBe(0);
  });

  it('marks a request beyond the ward’s plan, and approves it only with an explicit override, journaled', async () => {
    await receive(50_000_000);
    await setPlan(ledger.stores, fundId, { items: [{ wardCode: '26734', amount: 10_000_000 }] }, ctx('staff:quan'));
    const within = await request(8_000_000);
    expect(within.beyondPlan).toBeUndefined();
    await actOnDisbursement(ledger.stores, within.ref, { action: 'approve' }, ctx('staff:lan'));
    const beyond = await request(5_000_000);
    expect(beyond.beyondPlan).toEqual({ planned: 10_000_000, committed: 8_000_000, excess: 3_000_000 });
    const refused = await actOnDisbursement(ledger.stores, beyond.ref, { action: 'approve' }, ctx('staff:lan')).catch((e: unknown) => e);
    expect((refused as UnprocessableError).errors[0]!.path).toBe('body.overridePlan');
    expect((refused as Error).message).toMatch(/^GN\w+ vượt kế hoạch của Phường Sài Gòn 3\.000\.000 ₫ \(kế hoạch 10\.000\.000 ₫, đã cam kết chi 8\.000\.000 ₫\)/);
    const { body } = await actOnDisbursement(ledger.stores, beyond.ref, { action: 'approve', overridePlan: true, reason: 'Bão số 9: cần thêm' }, ctx('staff:lan'));
    expect(body.planOverride).toMatchObject({ by: 'staff:lan', reason: 'Bão số 9: cần thêm', excess: 3_000_000 });
    const trail = await ledger.stores.journal.entityTrail(beyond.ref);
    expect(trail.map((e) => e.type)).toEqual(['DISBURSEMENT_REQUESTED', 'DISBURSEMENT_APPROVED', 'PLAN_OVERRIDDEN']);
    expect(trail[2]!.publicDetails).toMatchObject({ excess: 3_000_000, reason: 'Bão số 9: cần thêm' });
    expect(await ledger.stores.plans.ward(fundId, '26734')).toMatchObject({ planned: 10_000_000, committed: 13_000_000 });
  });

  it('stays exact under concurrent approvals: of ten requests for one ward, exactly what the plan holds is approved', async () => {
    await receive(100_000_000);
    await setPlan(ledger.stores, fundId, { items: [{ wardCode: '26734', amount: 10_000_000 }] }, ctx('staff:quan'));
    const requests = [];
    for (let i = 0; i < 10; i++) requests.push(await request(3_000_000));
    const outcomes = await Promise.allSettled(requests.map((r) => actOnDisbursement(ledger.stores, r.ref, { action: 'approve' }, ctx('staff:lan'))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    expect(outcomes.filter((o) => o.status === 'rejected').every((o) => (o as PromiseRejectedResult).reason instanceof UnprocessableError)).toBe(true);
    expect(await ledger.stores.plans.ward(fundId, '26734')).toMatchObject({ planned: 10_000_000, committed: 9_000_000 });
    // A cancelled approval gives its headroom back.
    const approved = requests.filter((_, i) => outcomes[i]!.status === 'fulfilled');
    await actOnDisbursement(ledger.stores, approved[0]!.ref, { action: 'cancel' }, ctx('staff:an'));
    expect(await ledger.stores.plans.ward(fundId, '26734')).toMatchObject({ committed: 6_000_000 });
    await applyAll();
    const plan = await getPlan(ledger.stores, fundId);
    expect(plan.items).toEqual([expect.objectContaining({ wardCode: '26734', planned: 10_000_000, committed: 6_000_000, approved: 6_000_000 })]);
  });

  it('tells the approver by how much money ran short since the request, and what to do', async () => {
    await receive(5_000_000);
    const first = await request(4_000_000);
    const second = await request(3_000_000);
    await actOnDisbursement(ledger.stores, first.ref, { action: 'approve' }, ctx('staff:lan'));
    const error = await actOnDisbursement(ledger.stores, second.ref, { action: 'approve' }, ctx('staff:lan')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toBe(
      `Chưa thể duyệt ${second.ref}: số dư khả dụng 1.000.000 ₫, thiếu 2.000.000 ₫ so với 3.000.000 ₫. Hãy từ chối đề nghị, hoặc duyệt lại khi quỹ nhận thêm tiền. / Cannot approve ${second.ref} yet: 1,000,000 VND is available, 2,000,000 VND short of 3,000,000 VND. Reject the request, or approve it once more money has arrived.`,
    );
  });
});

describe('the drift check over plans and goods', () => {
  it('finds the totals equal to the journal, plan, confirmations and goods included, and names a bucket that drifts', async () => {
    const goodsFund = { ...HCMC_FUND, accepts: 'both' as const };
    ledger.state.funds.set(fundId, goodsFund);
    await receive(30_000_000);
    await setPlan(ledger.stores, fundId, { items: [{ wardCode: '26734', amount: 20_000_000 }, ...cityPlan(1_000_000).slice(0, 3)] }, ctx('staff:quan'));
    const d = await request(12_000_000);
    await actOnDisbursement(ledger.stores, d.ref, { action: 'approve' }, ctx('staff:lan'));
    await actOnDisbursement(ledger.stores, d.ref, { action: 'pay', bankRef: 'FT-1', paidAt: '2025-11-22T10:00:00+07:00' }, ctx('staff:an'));
    await actOnDisbursement(ledger.stores, d.ref, { action: 'confirm', confirmedBy: 'UBND phường', note: '' }, ctx('staff:phuong'));
    const lot = await recordGoods(
      ledger.stores,
      fundId,
      { description: 'Gạo', unit: 'kg', quantity: 1000, estimatedValue: 18_000_000, donor: { type: 'organisation', name: 'HTX Lúa gạo', publishName: true }, receivingPoint: 'Kho phường', receivedAt: '2025-11-21T09:00:00+07:00' },
      ctx('staff:an'),
    );
    await handOverGoods(ledger.stores, fundId, lot.body.id, { wardCode: '26734', quantity: 400, receivedBy: 'UBND phường Sài Gòn', handedOverAt: '2025-11-23T09:00:00+07:00' }, ctx('staff:an'));
    await applyAll();
    const totals = (await getFundWithTotals(ledger.stores, fundId)).totals;
    expect(totals).toMatchObject({ planned: 23_000_000, disbursed: 12_000_000, confirmed: 12_000_000, goodsReceived: 18_000_000, goodsHandedOver: 7_200_000 });
    expect((await checkDrift(ledger.stores, fundId, { attempts: 1 })).ok).toBe(true);

    const ward = ledger.state.counters.get(`${fundId}#WARD#26734`)!;
    ledger.state.counters.set(`${fundId}#WARD#26734`, { ...ward, planned: ward.planned + 1, goodsHandedOver: ward.goodsHandedOver - 1 });
    const drift = await checkDrift(ledger.stores, fundId, { attempts: 1 });
    expect(drift.ok).toBe(false);
    const wrong = drift.scopes.find((s) => s.scope === `${fundId}#WARD#26734`)!;
    expect(wrong.drift).toMatchObject({ planned: 1, goodsHandedOver: -1, disbursed: 0 });
  });
});
