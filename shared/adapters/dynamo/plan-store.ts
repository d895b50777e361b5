/** A fund's plan in DynamoDB: one partition, the header and a ward item per ward. */
import type { PlanHeader } from '../../domain/plans';
import type { PlanStore } from '../../usecases/ports/plans';
import { planWardFrom } from './items/plan';
import { fromItem, getItem, keys, queryAll } from './table';

export function dynamoPlanStore(): PlanStore {
  return {
    header: async (fundId) => fromItem<PlanHeader>(await getItem(keys.planHeader(fundId), true)),
    async wards(fundId) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :w)',
        ExpressionAttributeValues: { ':p': keys.planPartition(fundId), ':w': keys.planWardPrefix() },
        ConsistentRead: true,
      });
      return items.map(planWardFrom);
    },
    async ward(fundId, wardCode) {
      const item = await getItem(keys.planWard(fundId, wardCode), true);
      return item ? planWardFrom(item) : null;
    },
  };
}
