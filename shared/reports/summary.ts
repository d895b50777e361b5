/**
 * summary.json: totals for the fund, per ward and per day, summed from the published lines
 * (not from the live counters), next to the drift check that compares the two.
 * Memory is bounded by the number of wards (3,321) and days, never by the number of entries.
 */
import { DELTA_NAMES, emptyDeltaSums, toTotals, type DeltaName, type Totals } from '../domain/journal';
import type { PublicEntry } from './entries';

export interface DriftScope {
  scope: string;
  expected: unknown;
  actual: unknown;
  drift: unknown;
}

/** The result of `checkDrift` (shared/usecases/totals-drift.ts), published as it comes. */
export interface DriftReport {
  fundId: string;
  scopes: DriftScope[];
  ok: boolean;
}

/** The allocation plan against what happened, per ward (DESIGN §12.3), from the signed entries. */
export interface PlanSummary {
  planned: number;
  disbursed: number;
  confirmed: number;
  wards: { wardCode: string; wardName: string | null; planned: number; disbursed: number; confirmed: number }[];
}

/** Goods per unit (DESIGN §12.4): quantities in thousandths of the unit and estimated values, from the signed entries. */
export interface GoodsSummary {
  receivedValue: number;
  handedOverValue: number;
  units: { unit: string; receivedMilli: number; handedOverMilli: number; receivedValue: number; handedOverValue: number }[];
}

export interface ReportSummary {
  format: string;
  fundId: string;
  fundName: { vi: string; en: string };
  currency: string;
  date: string;
  cutoff: string;
  treeSize: number;
  totals: Totals;
  entryTypes: Record<string, number>;
  wards: { wardCode: string; wardName: string | null; totals: Totals }[];
  days: { day: string; totals: Totals }[];
  plan: PlanSummary;
  goods: GoodsSummary;
  drift: DriftReport | { ok: null; error: string };
}

export class SummaryAccumulator {
  private readonly fund = emptyDeltaSums();
  private readonly wards = new Map<string, Record<DeltaName, number>>();
  private readonly days = new Map<string, Record<DeltaName, number>>();
  private readonly types = new Map<string, number>();
  private readonly goodsUnits = new Map<string, GoodsSummary['units'][number]>();
  private count = 0;

  add(entry: PublicEntry): void {
    this.count++;
    this.types.set(entry.type, (this.types.get(entry.type) ?? 0) + 1);
    if (entry.type === 'GOODS_RECEIVED' || entry.type === 'GOODS_HANDED_OVER') this.addGoods(entry);
    const targets = [this.fund, this.bucket(this.days, entry.day)];
    if (entry.wardCode) targets.push(this.bucket(this.wards, entry.wardCode));
    for (const name of DELTA_NAMES) {
      const value = entry.deltas[name];
      if (value) for (const target of targets) target[name] += value;
    }
  }

  /** Quantities come from the entry's details (its unit and thousandths), values from its deltas. */
  private addGoods(entry: PublicEntry): void {
    const unit = typeof entry.details.unit === 'string' ? entry.details.unit : '';
    const milli = typeof entry.details.quantityMilli === 'number' ? entry.details.quantityMilli : 0;
    let row = this.goodsUnits.get(unit);
    if (!row) this.goodsUnits.set(unit, (row = { unit, receivedMilli: 0, handedOverMilli: 0, receivedValue: 0, handedOverValue: 0 }));
    if (entry.type === 'GOODS_RECEIVED') {
      row.receivedMilli += milli;
      row.receivedValue += entry.deltas.goodsReceived ?? 0;
    } else {
      row.handedOverMilli += milli;
      row.handedOverValue += entry.deltas.goodsHandedOver ?? 0;
    }
  }

  plan(wardName: (code: string) => string | null): PlanSummary {
    const wards = [...this.wards.entries()]
      .filter(([, sums]) => sums.planned !== 0 || sums.disbursed !== 0 || sums.confirmed !== 0)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([wardCode, sums]) => ({ wardCode, wardName: wardName(wardCode), planned: sums.planned, disbursed: sums.disbursed, confirmed: sums.confirmed }));
    return { planned: this.fund.planned, disbursed: this.fund.disbursed, confirmed: this.fund.confirmed, wards };
  }

  goods(): GoodsSummary {
    return {
      receivedValue: this.fund.goodsReceived,
      handedOverValue: this.fund.goodsHandedOver,
      units: [...this.goodsUnits.values()].sort((a, b) => (a.unit < b.unit ? -1 : a.unit > b.unit ? 1 : 0)),
    };
  }

  private bucket(map: Map<string, Record<DeltaName, number>>, key: string): Record<DeltaName, number> {
    let sums = map.get(key);
    if (!sums) map.set(key, (sums = emptyDeltaSums()));
    return sums;
  }

  get size(): number {
    return this.count;
  }

  totals(): Totals {
    return toTotals(this.fund);
  }

  build(header: Omit<ReportSummary, 'totals' | 'entryTypes' | 'wards' | 'days' | 'treeSize' | 'plan' | 'goods'>, wardName: (code: string) => string | null): ReportSummary {
    const byKey = <T>(map: Map<string, T>) => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      ...header,
      treeSize: this.count,
      totals: this.totals(),
      entryTypes: Object.fromEntries(byKey(this.types)),
      wards: byKey(this.wards).map(([wardCode, sums]) => ({ wardCode, wardName: wardName(wardCode), totals: toTotals(sums) })),
      days: byKey(this.days).map(([day, sums]) => ({ day, totals: toTotals(sums) })),
      plan: this.plan(wardName),
      goods: this.goods(),
    };
  }
}

/** Stable bytes whatever order the producer built the object in: keys sorted at every level. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
