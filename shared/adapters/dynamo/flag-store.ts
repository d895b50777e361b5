/** Flags in DynamoDB: by id, and a fund's on gsi1. */
import type { Flag } from '../../domain/flags';
import type { FlagStore } from '../../usecases/ports/flags';
import { fromItem, getItem, keys, queryAll } from './table';

export function dynamoFlagStore(): FlagStore {
  return {
    get: async (id) => fromItem<Flag>(await getItem(keys.flag(id), true)),
    listByFund: async (fundId) =>
      (await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.fundFlagsIndex(fundId) } })).map((item) => fromItem<Flag>(item)!),
  };
}
