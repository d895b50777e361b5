/** Funds and their balances in DynamoDB. */
import type { Fund } from '../../domain/funds';
import type { FundStore } from '../../usecases/ports/funds';
import { fundBalanceFrom } from './items/fund';
import { fromItem, getItem, keys, queryAll } from './table';

export function dynamoFundStore(): FundStore {
  return {
    get: async (fundId) => fromItem<Fund>(await getItem(keys.fund(fundId), false)),

    async list() {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.fundsIndex().gsi1pk } });
      return items.map((item) => fromItem<Fund>(item)!);
    },

    balance: async (fundId) => fundBalanceFrom(await getItem(keys.fundBalance(fundId), true)),
  };
}
