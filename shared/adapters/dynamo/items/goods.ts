/** Goods: a lot received (`GOODS#<id>` / `META`) and a hand-over (`GOODSOUT#<id>` / `META`), each listed on gsi1 under its fund. */
import type { GoodsHandover, GoodsLot } from '../../../domain/goods';
import { keys, type Item } from '../table';

export function goodsLotItem(lot: GoodsLot): Item {
  return { ...keys.goodsLot(lot.id), kind: 'GOODS_LOT', gsi1pk: keys.fundGoodsIndex(lot.fundId), gsi1sk: lot.id, ...lot };
}

export function goodsHandoverItem(handover: GoodsHandover): Item {
  return { ...keys.goodsHandover(handover.id), kind: 'GOODS_HANDOVER', gsi1pk: keys.fundHandoversIndex(handover.fundId), gsi1sk: handover.id, ...handover };
}
