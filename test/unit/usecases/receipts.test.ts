import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnprocessableError } from '../../../shared/errors';
import { actOnDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { createPledge } from '../../../shared/usecases/pledges';
import { getReceipt, recordReceipt, reverseReceipt } from '../../../shared/usecases/receipts';
import { counts, ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const fundId = OPEN_FUND.fundId;
const money = (amount: number, extra: Record<string, unknown> = {}) => ({ fundId, amount, receivedAt: '2024-09-02T09:00:00+07:00', method: 'bank' as const, ...extra });

let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
});

async function pledgeOf(amount: number): Promise<string> {
  return (await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Trần Thị Bích' }, amount, publishName: true }, ctx('public'))).body.ref;
}

describe('recordReceipt', () => {
  it('raises a pledge to PARTIALLY_RECEIVED, then FULFILLED, flags an overpayment, and counts the money in the balance', async () => {
    const ref = await pledgeOf(1_000_000);
    expect((await recordReceipt(ledger.stores, money(400_000, { pledgeRef: ref }), ctx('staff:an'))).body.flags).toEqual(['PARTIAL']);
    expect(await ledger.stores.pledges.getByRef(ref)).toMatchObject({ received: 400_000, status: 'PARTIALLY_RECEIVED' });
    await recordReceipt(ledger.stores, money(600_000, { pledgeRef: ref }), ctx('staff:an'));
    expect(await ledger.stores.pledges.getByRef(ref)).toMatchObject({ received: 1_000_000, status: 'FULFILLED' });
    expect((await recordReceipt(ledger.stores, money(50_000, { pledgeRef: ref }), ctx('staff:an'))).body.flags).toEqual(['OVERPAID']);
    expect(await ledger.stores.funds.balance(fundId)).toEqual({ received: 1_050_000, approved: 0, disbursed: 0, available: 1_050_000 });
  });

  it('records a bank reference once per fund: the second is 409 and writes nothing', async () => {
    await recordReceipt(ledger.stores, money(10_000, { bankRef: 'FT-DUP-1' }), ctx('staff:an'));
    const before = counts(ledger.state);
    await expect(recordReceipt(ledger.stores, money(10_000, { bankRef: 'FT-DUP-1' }), ctx('staff:an'))).rejects.toBeInstanceOf(ConflictError);
    expect(counts(ledger.state)).toEqual(before);
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(10_000);
  });

  it('refuses a pledge of another fund (422 on body.pledgeRef) and an unknown one', async () => {
    const ref = await pledgeOf(100);
    for (const pledgeRef of [ref, 'UHV1EWZE1']) {
      const error = await recordReceipt(ledger.stores, { ...money(100, { pledgeRef }), fundId: 'an-sinh-hcm-2025' }, ctx('staff:an')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).errors[0]!.path).toBe('body.pledgeRef');
    }
  });
});

describe('reverseReceipt', () => {
  it('reverses once with a reversing entry, lowering the pledge; a second reversal is 409 naming REVERSED', async () => {
    const ref = await pledgeOf(300_000);
    const { body: receipt } = await recordReceipt(ledger.stores, money(300_000, { pledgeRef: ref }), ctx('staff:an'));
    const { body: reversed } = await reverseReceipt(ledger.stores, receipt.id, 'Chuyển nhầm tài khoản', ctx('staff:lan'));
    expect(reversed).toMatchObject({ status: 'REVERSED', reversedBy: 'staff:lan' });
    expect(await ledger.stores.pledges.getByRef(ref)).toMatchObject({ received: 0, status: 'PLEDGED' });
    expect((await ledger.stores.journal.entityTrail(receipt.id)).map((e) => e.deltas.received)).toEqual([300_000, -300_000]);
    await expect(reverseReceipt(ledger.stores, receipt.id, 'again', ctx('staff:lan'))).rejects.toMatchObject({ currentState: 'REVERSED' });
    expect(await getReceipt(ledger.stores, receipt.id)).toMatchObject({ status: 'REVERSED' });
    await expect(getReceipt(ledger.stores, '01JC0000000000000000000000')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('cannot take back money that is already committed to an approved disbursement', async () => {
    const { body: receipt } = await recordReceipt(ledger.stores, money(1_000_000), ctx('staff:an'));
    const { body: request } = await requestDisbursement(
      ledger.stores,
      { fundId, beneficiary: { organisation: { name: 'Hội Chữ thập đỏ', taxCode: '0300000001' } }, amount: 800_000, purpose: 'Cứu trợ' },
      ctx('staff:an'),
    );
    await actOnDisbursement(ledger.stores, request.ref, { action: 'approve' }, ctx('staff:lan'));
    await expect(reverseReceipt(ledger.stores, receipt.id, 'nhầm', ctx('staff:lan'))).rejects.toBeInstanceOf(ConflictError);
    expect(await ledger.stores.funds.balance(fundId)).toEqual({ received: 1_000_000, approved: 800_000, disbursed: 0, available: 200_000 });
  });
});
