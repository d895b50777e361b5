import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../../../shared/errors';
import { actOnDisbursement, addEvidence, findDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { publicDisbursements } from '../../../shared/usecases/public-disbursements';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { listDisbursementsForStaff } from '../../../shared/usecases/staff-disbursements';
import { ctx, HCMC_FUND, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const fundId = HCMC_FUND.fundId;

let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
});

const receive = (amount: number) => recordReceipt(ledger.stores, { fundId, amount, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank' }, ctx('staff:an'));
const request = async (amount: number, beneficiary: { wardCode: string } | { organisation: { name: string; taxCode: string } } = { wardCode: '26734' }) =>
  (await requestDisbursement(ledger.stores, { fundId, beneficiary, amount, purpose: 'Mô hình điểm an sinh' }, ctx('staff:an'))).body;

describe('disbursements under maker-checker', () => {
  it('walks request → approve → pay → confirm, moving the balance, and publishes it without names', async () => {
    await receive(50_000_000);
    const requested = await request(20_000_000);
    expect(requested).toMatchObject({ status: 'REQUESTED', beneficiary: { wardCode: '26734', wardName: 'Phường Sài Gòn', provinceCode: '79' } });
    await actOnDisbursement(ledger.stores, requested.ref, { action: 'approve' }, ctx('staff:lan'));
    expect(await ledger.stores.funds.balance(fundId)).toMatchObject({ approved: 20_000_000, available: 30_000_000 });
    await actOnDisbursement(ledger.stores, requested.id, { action: 'pay', bankRef: 'FT-PAY-1', paidAt: '2025-11-21T10:00:00+07:00' }, ctx('staff:an'));
    await actOnDisbursement(ledger.stores, requested.ref, { action: 'confirm', confirmedBy: 'UBND Phường Sài Gòn', note: 'Đã nhận' }, ctx('staff:phuong'));
    expect(await ledger.stores.funds.balance(fundId)).toEqual({ received: 50_000_000, approved: 0, disbursed: 20_000_000, available: 30_000_000 });
    expect((await ledger.stores.journal.entityTrail(requested.ref)).map((e) => e.type)).toEqual([
      'DISBURSEMENT_REQUESTED',
      'DISBURSEMENT_APPROVED',
      'DISBURSEMENT_PAID',
      'DISBURSEMENT_CONFIRMED',
    ]);
    const published = await publicDisbursements(ledger.stores, fundId);
    expect(published.items).toEqual([expect.objectContaining({ ref: requested.ref, status: 'CONFIRMED', amount: 20_000_000 })]);
    expect(JSON.stringify(published)).not.toContain('staff:');
  });

  it('never lets the requester approve their own request (403)', async () => {
    await receive(1_000_000);
    const requested = await request(500_000);
    await expect(actOnDisbursement(ledger.stores, requested.ref, { action: 'approve' }, ctx('staff:an'))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await findDisbursement(ledger.stores, requested.ref)).status).toBe('REQUESTED');
  });

  it('never approves more than is available, even when approvals race', async () => {
    await receive(1_000_000);
    const requests = [await request(700_000), await request(700_000), await request(700_000)];
    const outcomes = await Promise.allSettled(requests.map((r, i) => actOnDisbursement(ledger.stores, r.ref, { action: 'approve' }, ctx(`staff:approver-${i}`))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === 'rejected')) expect((o as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    expect(await ledger.stores.funds.balance(fundId)).toEqual({ received: 1_000_000, approved: 700_000, disbursed: 0, available: 300_000 });
  });

  it('gives the reserve back when an approved disbursement is cancelled, and moves each state once', async () => {
    await receive(1_000_000);
    const requested = await request(600_000);
    await actOnDisbursement(ledger.stores, requested.ref, { action: 'approve' }, ctx('staff:lan'));
    await actOnDisbursement(ledger.stores, requested.ref, { action: 'cancel' }, ctx('staff:an'));
    expect((await ledger.stores.funds.balance(fundId)).available).toBe(1_000_000);
    await expect(actOnDisbursement(ledger.stores, requested.ref, { action: 'approve' }, ctx('staff:lan'))).rejects.toMatchObject({ currentState: 'CANCELLED' });
    await expect(addEvidence(ledger.stores, requested.ref, { key: 'k', fileName: 'a.pdf', contentType: 'application/pdf', sha256: 'c'.repeat(64) }, ctx('staff:an'))).rejects.toBeInstanceOf(ConflictError);
  });

  it('pays to real communes of the fund’s province only (422 on body.beneficiary.wardCode)', async () => {
    for (const wardCode of ['99999', '00004']) {
      const error = await request(1, { wardCode }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).errors[0]!.path).toBe('body.beneficiary.wardCode');
    }
  });

  it('lists a fund’s disbursements for staff newest first, by status, page by page', async () => {
    await receive(10);
    const made = [await request(1), await request(2), await request(3)];
    await actOnDisbursement(ledger.stores, made[1]!.ref, { action: 'approve' }, ctx('staff:lan'));
    const first = await listDisbursementsForStaff(ledger.stores, { fundId, limit: 2 });
    expect(first.items.map((d) => d.amount)).toEqual([3, 2]);
    const second = await listDisbursementsForStaff(ledger.stores, { fundId, limit: 2, cursor: first.cursor });
    expect(second.items.map((d) => d.amount)).toEqual([1]);
    expect(second.cursor).toBeUndefined();
    expect((await listDisbursementsForStaff(ledger.stores, { fundId, status: 'APPROVED', limit: 10 })).items.map((d) => d.amount)).toEqual([2]);
  });

  it('lists what waits for approval across every fund the caller may see, newest first, in one queue', async () => {
    const other = OPEN_FUND.fundId;
    // A request must be covered by what the fund holds (DESIGN §12.3): both funds hold a little.
    await receive(10);
    await recordReceipt(ledger.stores, { fundId: other, amount: 10, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank' }, ctx('staff:an'));
    const here = await request(1);
    const there = (await requestDisbursement(ledger.stores, { fundId: other, beneficiary: { organisation: { name: 'Hội Chữ thập đỏ', taxCode: '0301234567' } }, amount: 2, purpose: 'Cứu trợ' }, ctx('staff:an'))).body;
    const last = await request(3);
    const queue = await listDisbursementsForStaff(ledger.stores, { status: 'REQUESTED', limit: 10 });
    expect(queue.items.map((d) => d.ref)).toEqual([last.ref, there.ref, here.ref]);
    const paged = await listDisbursementsForStaff(ledger.stores, { status: 'REQUESTED', limit: 2 });
    expect(paged.items.map((d) => d.ref)).toEqual([last.ref, there.ref]);
    expect((await listDisbursementsForStaff(ledger.stores, { status: 'REQUESTED', limit: 2, cursor: paged.cursor })).items.map((d) => d.ref)).toEqual([here.ref]);
    // A caller who may not see a fund gets neither its requests nor, asked for it by name, the fund.
    const onlyHcmc = (fund: { fundId: string }) => fund.fundId === fundId;
    expect((await listDisbursementsForStaff(ledger.stores, { status: 'REQUESTED', limit: 10 }, onlyHcmc)).items.map((d) => d.ref)).toEqual([last.ref, here.ref]);
    await expect(listDisbursementsForStaff(ledger.stores, { fundId: other, limit: 10 }, onlyHcmc)).rejects.toBeInstanceOf(NotFoundError);
  });
});
