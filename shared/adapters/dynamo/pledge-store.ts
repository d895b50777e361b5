/** Pledges in DynamoDB: by reference code (their key), by organisation or awaiting moderation (gsi1), overdue (gsi2). */
import type { PledgeStore } from '../../usecases/ports/pledges';
import { creationFrom, pledgeFrom } from './items/pledge';
import { batchGet, getItem, keys, queryAll } from './table';

export function dynamoPledgeStore(): PledgeStore {
  return {
    getByRef: async (ref) => pledgeFrom(await getItem(keys.pledge(ref), false)),

    async getWithCreation(ref) {
      const item = await getItem(keys.pledge(ref), true);
      const pledge = pledgeFrom(item);
      return pledge ? { pledge, creation: creationFrom(item!) } : null;
    },

    async getByRefs(refs) {
      if (refs.length === 0) return [];
      return (await batchGet(refs.map((ref) => keys.pledge(ref)))).map((item) => pledgeFrom(item)!);
    },

    async listByOrganisation(orgId) {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.orgPledgesIndex(orgId) } });
      return items.map((item) => pledgeFrom(item)!);
    },

    async listAwaitingModeration(fundId) {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.heldNamesIndex(fundId) } });
      return items.map((item) => pledgeFrom(item)!);
    },

    async listOverdue(fundId, today) {
      const items = await queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :today',
        ExpressionAttributeValues: { ':p': keys.duePledgesIndex(fundId), ':today': today },
      });
      return items.map((item) => pledgeFrom(item)!);
    },
  };
}

