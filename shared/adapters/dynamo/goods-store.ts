/** Goods lots and hand-overs in DynamoDB: by id, and a fund's on gsi1. */
import type { GoodsHandover, GoodsLot } from '../../domain/goods';
import type { GoodsStore } from '../../usecases/ports/goods';
import { fromItem, getItem, keys, queryAll } from './table';

export function dynamoGoodsStore(): GoodsStore {
  const list = async <T>(gsi1pk: string) =>
    (await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': gsi1pk } })).map((item) => fromItem<T>(item)!);
  return {
    getLot: async (id) => fromItem<GoodsLot>(await getItem(keys.goodsLot(id), true)),
    listLots: (fundId) => list<GoodsLot>(keys.fundGoodsIndex(fundId)),
    listHandovers: (fundId) => list<GoodsHandover>(keys.fundHandoversIndex(fundId)),
  };
}
