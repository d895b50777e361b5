/** Goods on the in-memory stores: lots in thousandths, hand-overs that never take more than is left, values that add up. */
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, UnprocessableError } from '../../../shared/errors';
import { fundGoods, handOverGoods, recordGoods, type RecordGoodsInput } from '../../../shared/usecases/goods';
import { counts, ctx, HCMC_FUND, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const fundId = HCMC_FUND.fundId;
let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
  ledger.state.funds.set(fundId, { ...HCMC_FUND, accepts: 'both', receivingClosesAt: '2025-12-31T17:00:00.000Z' });
});

const rice = (overrides: Partial<RecordGoodsInput> = {}): RecordGoodsInput => ({
  description: 'Gạo tẻ thơm',
  unit: 'kg',
  quantity: 1250.5,
  estimatedValue: 25_010_000,
  donor: { type: 'individual', name: 'Trần Văn Bình', publishName: false },
  receivingPoint: 'Kho Ủy ban MTTQ phường Sài Gòn',
  receivedAt: '2025-11-20T08:00:00+07:00',
  ...overrides,
});

describe('goods', () => {
  it('keeps a lot in thousandths of its unit, journaled with its value, its donor only as allowed', async () => {
    const { body } = await recordGoods(ledger.stores, fundId, rice(), ctx('staff:an'));
    expect(body).toMatchObject({ quantityMilli: 1_250_500, remainingMilli: 1_250_500, estimatedValue: 25_010_000, late: false });
    const [entry] = await ledger.stores.journal.entityTrail(body.id);
    expect(entry).toMatchObject({ type: 'GOODS_RECEIVED', entityType: 'goods', deltas: { goodsReceived: 25_010_000 }, day: '2025-11-20' });
    expect(entry!.publicDetails).toEqual({ description: 'Gạo tẻ thơm', unit: 'kg', quantityMilli: 1_250_500, estimatedValue: 25_010_000, donor: 'Nhà hảo tâm', receivingPoint: 'Kho Ủy ban MTTQ phường Sài Gòn' });
    const late = await recordGoods(ledger.stores, fundId, rice({ receivedAt: '2026-01-02T08:00:00+07:00' }), ctx('staff:an'));
    expect(late.body.late).toBe(true);
  });

  it('hands over no more than is left, each part at the lot’s value pro rata, the last taking what remains', async () => {
    const { body: lot } = await recordGoods(ledger.stores, fundId, rice({ quantity: 3, estimatedValue: 100 }), ctx('staff:an'));
    const handover = (quantity: number) => handOverGoods(ledger.stores, fundId, lot.id, { wardCode: '26734', quantity, receivedBy: 'UBND phường Sài Gòn', handedOverAt: '2025-11-25T09:00:00+07:00' }, ctx('staff:an'));
    expect((await handover(1)).body).toMatchObject({ quantityMilli: 1_000, estimatedValue: 33, wardName: 'Phường Sài Gòn' });
    expect((await handover(1)).body.estimatedValue).toBe(34);
    const before = counts(ledger.state);
    const error = await handover(1.001).catch((e: unknown) => e);
    expect((error as UnprocessableError).errors[0]!.path).toBe('body.quantity');
    expect(counts(ledger.state)).toEqual(before);
    expect((await handover(1)).body.estimatedValue).toBe(33);
    expect(await ledger.stores.goods.getLot(lot.id)).toMatchObject({ remainingMilli: 0, remainingValue: 0, version: 4 });
    const view = await fundGoods(ledger.stores, fundId);
    expect(view.units).toEqual([{ unit: 'kg', receivedMilli: 3_000, handedOverMilli: 3_000, remainingMilli: 0, receivedValue: 100, handedOverValue: 100 }]);
    expect(view.lots[0]).toMatchObject({ donorName: 'Nhà hảo tâm' });
    expect(JSON.stringify(view)).not.toContain('Trần Văn Bình');
  });

  it('refuses goods for a fund that receives money only, a ward of another province and a lot of another fund', async () => {
    await expect(recordGoods(ledger.stores, OPEN_FUND.fundId, rice(), ctx('staff:an'))).rejects.toBeInstanceOf(UnprocessableError);
    const { body: lot } = await recordGoods(ledger.stores, fundId, rice(), ctx('staff:an'));
    const outside = await handOverGoods(ledger.stores, fundId, lot.id, { wardCode: '00004', quantity: 1, receivedBy: 'x', handedOverAt: '2025-11-25T09:00:00+07:00' }, ctx('staff:an')).catch((e: unknown) => e);
    expect((outside as UnprocessableError).errors[0]!.path).toBe('body.wardCode');
    await expect(
      handOverGoods(ledger.stores, 'da-dong', lot.id, { wardCode: '26734', quantity: 1, receivedBy: 'x', handedOverAt: '2025-11-25T09:00:00+07:00' }, ctx('staff:an')),
    ).rejects.toBeInstanceOf(UnprocessableError);
    ledger.state.funds.set('da-dong', { ...ledger.state.funds.get('da-dong')!, accepts: 'both' });
    await expect(
      handOverGoods(ledger.stores, 'da-dong', lot.id, { wardCode: '26734', quantity: 1, receivedBy: 'x', handedOverAt: '2025-11-25T09:00:00+07:00' }, ctx('staff:an')),
    ).rejects.toBeInstanceOf(ConflictError);
    ledger.state.funds.set(OPEN_FUND.fundId, { ...OPEN_FUND, accepts: 'goods' });
    await expect(
      handOverGoods(ledger.stores, OPEN_FUND.fundId, lot.id, { wardCode: '26734', quantity: 1, receivedBy: 'x', handedOverAt: '2025-11-25T09:00:00+07:00' }, ctx('staff:an')),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
