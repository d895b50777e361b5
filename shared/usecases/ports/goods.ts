import type { GoodsHandover, GoodsLot } from '../../domain/goods';

/** Goods received (lots) and handed over, written only by commands. */
export interface GoodsStore {
  getLot(id: string): Promise<GoodsLot | null>;
  /** The fund's lots, oldest first. */
  listLots(fundId: string): Promise<GoodsLot[]>;
  /** The fund's hand-overs, oldest first. */
  listHandovers(fundId: string): Promise<GoodsHandover[]>;
}
