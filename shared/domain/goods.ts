/**
 * Goods given in kind (DESIGN §12.4): a lot received at a receiving point, handed over to wards in
 * parts. Quantities are whole thousandths of their unit (12.5 kg = 12500), so sums are exact; a
 * hand-over's estimated value is the lot's pro rata, so the parts' values add up to the lot's.
 */
import type { Donor } from './pledges';

/** The units goods are counted in; their names are in labels.ts (`GOODS_UNIT_LABELS`). */
export const GOODS_UNITS = ['kg', 'tan', 'thung', 'bao', 'hop', 'goi', 'chai', 'lit', 'cai', 'bo', 'suat', 'tui', 'chiec', 'met', 'cuon'] as const;
export type GoodsUnit = (typeof GOODS_UNITS)[number];

export interface GoodsDonor {
  type: Donor['type'];
  name: string;
  /** Published only if the donor agreed, as for pledges (Decree 13/2023). */
  publishName: boolean;
}

export interface GoodsLot {
  id: string;
  fundId: string;
  description: string;
  unit: GoodsUnit;
  /** Received, in thousandths of the unit. */
  quantityMilli: number;
  /** Not yet handed over, in thousandths of the unit. */
  remainingMilli: number;
  /** Estimated value of the whole lot, in đồng. */
  estimatedValue: number;
  /** Estimated value of what is not yet handed over. */
  remainingValue: number;
  donor: GoodsDonor;
  receivingPoint: string;
  receivedAt: string;
  /** Arrived after the fund's receiving window (DESIGN §4.1, 9). */
  late: boolean;
  recordedBy: string;
  recordedAt: string;
  version: number;
}

export interface GoodsHandover {
  id: string;
  fundId: string;
  lotId: string;
  description: string;
  unit: GoodsUnit;
  wardCode: string;
  wardName: string;
  quantityMilli: number;
  estimatedValue: number;
  /** Who took the goods on the ward's side (a committee, a school, a person's role). */
  receivedBy: string;
  handedOverAt: string;
  note?: string;
  recordedBy: string;
  recordedAt: string;
}

/** `12.5` → 12500. Quantities with more than three decimals are refused before they get here. */
export function toMilli(quantity: number): number {
  return Math.round(quantity * 1000);
}

export function hasAtMostThreeDecimals(quantity: number): boolean {
  return Math.abs(quantity * 1000 - Math.round(quantity * 1000)) < 1e-6;
}

/** `12500` → `12.5`, `3000` → `3`. */
export function fromMilli(milli: number): number {
  return milli / 1000;
}

/**
 * The value of taking `milli` out of what remains of a lot: pro rata of the remaining value,
 * and all of it for the last part, so the parts add up to the lot's value exactly.
 */
export function handoverValue(lot: Pick<GoodsLot, 'remainingMilli' | 'remainingValue'>, milli: number): number {
  if (milli >= lot.remainingMilli) return lot.remainingValue;
  return Math.round((lot.remainingValue * milli) / lot.remainingMilli);
}

export const ANONYMOUS_GIVER = 'Nhà hảo tâm';

export function publicGiverName(donor: GoodsDonor): string {
  return donor.publishName ? donor.name : ANONYMOUS_GIVER;
}
