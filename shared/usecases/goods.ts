/**
 * Goods in kind (DESIGN §12.4): a lot received, and its hand-overs to wards, each journaled with
 * its estimated value as a delta (so totals, drift check and report carry it) and its quantity in
 * the public details (so the report sums quantities per unit from signed entries).
 */
import { saltFor } from '../reports/name-salt';
import type { z } from 'zod';
import { ACTIVE_STATES, fundKind, isLate, type Fund } from '../domain/funds';
import { handoverValue, publicGiverName, toMilli, type GoodsDonor, type GoodsHandover, type GoodsLot, type GoodsUnit } from '../domain/goods';
import { newId } from '../domain/ids';
import { vietnamDay } from '../domain/journal';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors';
import type { FundGoods } from '../schemas/funds';
import { executeCommand, type CommandContext, type CommandDeps } from './command';
import type { Stores } from './ports';
import { requireScope } from './scope';

export type GoodsDeps = CommandDeps & Pick<Stores, 'funds'>;
export type FundGoodsView = z.infer<typeof FundGoods>;

export interface RecordGoodsInput {
  description: string;
  unit: GoodsUnit;
  quantity: number;
  estimatedValue: number;
  donor: GoodsDonor;
  receivingPoint: string;
  receivedAt: string;
}

export interface HandoverInput {
  wardCode: string;
  quantity: number;
  receivedBy: string;
  handedOverAt: string;
  note?: string;
}

async function goodsFund(deps: Pick<Stores, 'funds'>, fundId: string, context: CommandContext): Promise<Fund> {
  const fund = await deps.funds.get(fundId);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  requireScope(context.scope, fund);
  if (fundKind(fund) === 'money') {
    throw new UnprocessableError(`Quỹ ${fundId} chỉ nhận tiền / Fund ${fundId} receives money only`, [{ path: 'path.fundId', message: 'this fund receives money only, not goods' }]);
  }
  if (!ACTIVE_STATES.includes(fund.status) || fund.status === 'DRAFT') {
    throw new ConflictError(`Quỹ ${fundId} không ở trạng thái tiếp nhận, phân bổ / Fund ${fundId} is ${fund.status}`, fund.status);
  }
  return fund;
}

/**
 * Primary course:
 *  1. The fund takes goods (kind goods or both), is in scope and open or distributing.
 *  2. The lot is kept in thousandths of its unit; one that arrived after the receiving window is LATE.
 *  3. One transaction: the lot, GOODS_RECEIVED (its value as `goodsReceived`), the idempotency record.
 */
export async function recordGoods(deps: GoodsDeps, fundId: string, input: RecordGoodsInput, context: CommandContext) {
  return executeCommand<GoodsLot>(deps, 'RecordGoods', { fundId, input }, context, async (now) => {
    const fund = await goodsFund(deps, fundId, context);
    const at = now.toISOString();
    const quantityMilli = toMilli(input.quantity);
    const lot: GoodsLot = {
      id: newId(now.getTime()),
      fundId,
      description: input.description,
      unit: input.unit,
      quantityMilli,
      remainingMilli: quantityMilli,
      estimatedValue: input.estimatedValue,
      remainingValue: input.estimatedValue,
      donor: input.donor,
      receivingPoint: input.receivingPoint,
      receivedAt: new Date(input.receivedAt).toISOString(),
      late: isLate(fund, input.receivedAt),
      recordedBy: context.actor,
      recordedAt: at,
      version: 1,
    };
    return {
      ops: [
        { op: 'fundState', fundId, states: ['OPEN', 'RECEIVING_CLOSED'] },
        { op: 'create', aggregate: { type: 'goodsLot', value: lot } },
        {
          op: 'journal',
          entry: {
            entryId: newId(now.getTime()),
            fundId,
            type: 'GOODS_RECEIVED',
            at,
            day: vietnamDay(lot.receivedAt),
            actor: context.actor,
            entityRef: lot.id,
            entityType: 'goods',
            deltas: { goodsReceived: input.estimatedValue },
            publicDetails: {
              description: input.description,
              unit: input.unit,
              quantityMilli,
              estimatedValue: input.estimatedValue,
              donor: publicGiverName(input.donor),
              receivingPoint: input.receivingPoint,
              ...(lot.late ? { late: true } : {}),
            },
            ...saltFor(publicGiverName(input.donor)),
          },
        },
      ],
      response: { status: 201, body: lot },
      onRejected: (error) => (error.failedOp === 'fundState' ? new ConflictError(`Quỹ ${fundId} vừa đổi trạng thái / Fund ${fundId} changed state`) : undefined),
    };
  });
}

/**
 * Primary course:
 *  1. The lot is the fund's; the ward is an official unit (of the fund's province, if it has one).
 *  2. The quantity is at most what remains of the lot; its value is the lot's pro rata (the last
 *     part takes all that remains, so the values add up to the lot's).
 *  3. One transaction: the lot (its version), the hand-over, GOODS_HANDED_OVER (its value as
 *     `goodsHandedOver`, its ward), the idempotency record.
 */
export async function handOverGoods(deps: GoodsDeps & Pick<Stores, 'goods' | 'adminUnits'>, fundId: string, lotId: string, input: HandoverInput, context: CommandContext) {
  return executeCommand<GoodsHandover>(deps, 'HandOverGoods', { fundId, lotId, input }, context, async (now) => {
    const fund = await goodsFund(deps, fundId, context);
    const lot = await deps.goods.getLot(lotId);
    if (!lot || lot.fundId !== fundId) throw new NotFoundError(`Không có lô hiện vật ${lotId} của quỹ ${fundId} / No goods lot ${lotId} in fund ${fundId}`);
    const unit = (await deps.adminUnits.list()).find((u) => u.code === input.wardCode);
    if (!unit) throw new UnprocessableError(`Không có xã, phường mã ${input.wardCode} / No commune ${input.wardCode}`, [{ path: 'body.wardCode', message: 'no commune or ward with this code' }]);
    if (fund.provinceCode && unit.provinceCode !== fund.provinceCode) {
      throw new UnprocessableError(`${unit.name} không thuộc tỉnh của quỹ / ${unit.name} is not in this fund's province`, [{ path: 'body.wardCode', message: `not in province ${fund.provinceCode}` }]);
    }
    const milli = toMilli(input.quantity);
    if (milli > lot.remainingMilli) {
      throw new UnprocessableError(`Lô chỉ còn ${lot.remainingMilli / 1000} ${lot.unit} / The lot has ${lot.remainingMilli / 1000} ${lot.unit} left`, [
        { path: 'body.quantity', message: `is more than the ${lot.remainingMilli / 1000} ${lot.unit} left in the lot` },
      ]);
    }
    const value = handoverValue(lot, milli);
    const at = now.toISOString();
    const handover: GoodsHandover = {
      id: newId(now.getTime()),
      fundId,
      lotId,
      description: lot.description,
      unit: lot.unit,
      wardCode: unit.code,
      wardName: unit.name,
      quantityMilli: milli,
      estimatedValue: value,
      receivedBy: input.receivedBy,
      handedOverAt: new Date(input.handedOverAt).toISOString(),
      ...(input.note ? { note: input.note } : {}),
      recordedBy: context.actor,
      recordedAt: at,
    };
    const nextLot: GoodsLot = { ...lot, remainingMilli: lot.remainingMilli - milli, remainingValue: lot.remainingValue - value, version: lot.version + 1 };
    return {
      ops: [
        { op: 'update', aggregate: { type: 'goodsLot', value: nextLot }, expectedVersion: lot.version },
        { op: 'create', aggregate: { type: 'goodsHandover', value: handover } },
        {
          op: 'journal',
          entry: {
            entryId: newId(now.getTime()),
            fundId,
            type: 'GOODS_HANDED_OVER',
            at,
            day: vietnamDay(handover.handedOverAt),
            actor: context.actor,
            entityRef: lot.id,
            entityType: 'goods',
            wardCode: unit.code,
            deltas: { goodsHandedOver: value },
            publicDetails: { description: lot.description, unit: lot.unit, quantityMilli: milli, estimatedValue: value, wardName: unit.name },
          },
        },
      ],
      response: { status: 201, body: handover },
    };
  });
}

/** A fund's goods as anyone may see them: lots (donors as they allowed), hand-overs, and totals per unit. */
export async function fundGoods(deps: Pick<Stores, 'funds' | 'goods'>, fundId: string): Promise<FundGoodsView> {
  const [fund, lots, handovers] = await Promise.all([deps.funds.get(fundId), deps.goods.listLots(fundId), deps.goods.listHandovers(fundId)]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const units = new Map<string, FundGoodsView['units'][number]>();
  const unit = (name: string) => {
    let row = units.get(name);
    if (!row) units.set(name, (row = { unit: name, receivedMilli: 0, handedOverMilli: 0, remainingMilli: 0, receivedValue: 0, handedOverValue: 0 }));
    return row;
  };
  for (const lot of lots) {
    const row = unit(lot.unit);
    row.receivedMilli += lot.quantityMilli;
    row.remainingMilli += lot.remainingMilli;
    row.receivedValue += lot.estimatedValue;
  }
  for (const handover of handovers) {
    const row = unit(handover.unit);
    row.handedOverMilli += handover.quantityMilli;
    row.handedOverValue += handover.estimatedValue;
  }
  return {
    fundId,
    units: [...units.values()].sort((a, b) => a.unit.localeCompare(b.unit)),
    lots: lots.map((lot) => ({
      id: lot.id,
      description: lot.description,
      unit: lot.unit,
      quantityMilli: lot.quantityMilli,
      remainingMilli: lot.remainingMilli,
      estimatedValue: lot.estimatedValue,
      donorName: publicGiverName(lot.donor),
      receivingPoint: lot.receivingPoint,
      receivedAt: lot.receivedAt,
      late: lot.late,
    })),
    handovers: handovers.map((h) => ({
      id: h.id,
      lotId: h.lotId,
      description: h.description,
      unit: h.unit,
      wardCode: h.wardCode,
      wardName: h.wardName,
      quantityMilli: h.quantityMilli,
      estimatedValue: h.estimatedValue,
      receivedBy: h.receivedBy,
      handedOverAt: h.handedOverAt,
    })),
  };
}
