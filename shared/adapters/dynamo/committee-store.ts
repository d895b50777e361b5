/** Committees that are not an official unit, in DynamoDB. */
import type { Committee } from '../../domain/committees';
import type { CommitteeStore } from '../../usecases/ports/committees';
import { fromItem, getItem, keys, queryAll } from './table';

export function dynamoCommitteeStore(): CommitteeStore {
  return {
    get: async (committeeId) => fromItem<Committee>(await getItem(keys.committee(committeeId), true)),
    async listChildren(parentId) {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.committeeChildrenIndex(parentId) } });
      return items.map((item) => fromItem<Committee>(item)!);
    },
  };
}
