/**
 * Goods given in kind. IATI 2.03 transactions carry money only, and no FinanceType or AidType
 * code means "in kind"; booking an estimate as Incoming Funds would make the file disagree with
 * the bank. So goods are an Output result: one indicator (measure: unit) per kind of goods and
 * direction, the quantity as the actual value, each ward's share located at the ward's
 * `location`, and the estimated value in đồng as the actual's comment.
 */
import { compareText } from './flows';
import { MEASURE_UNIT, RESULT_OUTPUT } from './iati-codes';
import { narratives, withNarratives } from './iati-narrative';
import { estimatedValue, GOODS_RESULT, goodsIndicatorTitle } from './labels';
import { unitLocationRef } from './identifiers';
import type { GoodsMovement } from './model';
import { formatThousandths, toThousandths } from './quantity';
import { el, type XmlElement } from './xml';

interface Share {
  quantity: number;
  value: number;
}

interface Indicator {
  sample: GoodsMovement;
  from: string;
  to: string;
  total: Share;
  /** Handed over: per ward code. */
  byWard: Map<string, Share>;
}

function add(share: Share, goods: GoodsMovement): void {
  share.quantity += toThousandths(goods.quantity);
  share.value += goods.estimatedValue;
}

function indicatorKey(goods: GoodsMovement): string {
  return JSON.stringify([goods.direction === 'received' ? 0 : 1, goods.description.vi, goods.description.en, goods.unit.vi, goods.unit.en]);
}

function actual(share: Share, wardCode?: string): XmlElement {
  return el(
    'actual',
    { value: formatThousandths(share.quantity) },
    wardCode ? el('location', { ref: unitLocationRef(wardCode) }) : undefined,
    el('comment', {}, narratives(estimatedValue(share.value))),
  );
}

function indicator(group: Indicator): XmlElement {
  const shares = group.sample.direction === 'received' ? [actual(group.total)] : [...group.byWard.entries()].sort(([a], [b]) => compareText(a, b)).map(([ward, share]) => actual(share, ward));
  return el(
    'indicator',
    { measure: MEASURE_UNIT, ascending: true },
    withNarratives('title', {}, goodsIndicatorTitle(group.sample)),
    el('period', {}, el('period-start', { 'iso-date': group.from }), el('period-end', { 'iso-date': group.to }), shares),
  );
}

/** The goods result, or nothing when the fund took no goods. */
export function goodsResult(goods: readonly GoodsMovement[]): XmlElement | undefined {
  if (goods.length === 0) return undefined;
  const groups = new Map<string, Indicator>();
  for (const item of goods) {
    const key = indicatorKey(item);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { sample: item, from: item.date, to: item.date, total: { quantity: 0, value: 0 }, byWard: new Map() }));
    if (item.date < group.from) group.from = item.date;
    if (item.date > group.to) group.to = item.date;
    add(group.total, item);
    if (item.ward) {
      let share = group.byWard.get(item.ward.code);
      if (!share) group.byWard.set(item.ward.code, (share = { quantity: 0, value: 0 }));
      add(share, item);
    }
  }
  const indicators = [...groups.entries()].sort(([a], [b]) => compareText(a, b)).map(([, group]) => indicator(group));
  return el('result', { type: RESULT_OUTPUT }, withNarratives('title', {}, GOODS_RESULT), indicators);
}

/** Wards that goods were handed to, with the name the goods list gives them. */
export function goodsWards(goods: readonly GoodsMovement[]): Map<string, string> {
  const wards = new Map<string, string>();
  for (const item of goods) if (item.direction === 'handed-over' && item.ward && !wards.has(item.ward.code)) wards.set(item.ward.code, item.ward.name);
  return wards;
}
