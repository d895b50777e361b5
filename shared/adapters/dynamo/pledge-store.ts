/** Pledges in DynamoDB: by id, by reference code (through its guard), by organisation (gsi1), overdue (gsi2). */
import type { Pledge } from '../../domain/pledges';
import type { PledgeStore } from '../../usecases/ports/pledges';
import { targetOf } from './items/reference';
import { batchGet, fromItem, getItem, keys, queryAll, type ItemKey } from './table';

export function dynamoPledgeStore(): PledgeStore {
  return {
    get: async (id) => fromItem<Pledge>(await getItem(keys.pledge(id), true)),

    async getByRef(ref) {
      const target = targetOf(await getItem(keys.ref(ref), false), 'pledge');
      return target ? fromItem<Pledge>(await getItem(target, false)) : null;
    },

    async getByRefs(refs) {
      if (refs.length === 0) return [];
      const guards = await batchGet(refs.map((ref) => keys.ref(ref)));
      const targets = guards.map((guard) => targetOf(guard, 'pledge')).filter((key): key is ItemKey => key !== null);
      if (targets.length === 0) return [];
      return (await batchGet(targets)).map((item) => fromItem<Pledge>(item)!);
    },

    async listByOrganisation(orgId) {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.orgPledgesIndex(orgId) } });
      return items.map((item) => fromItem<Pledge>(item)!);
    },

    async listOverdue(fundId, today) {
      const items = await queryAll({
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :p AND gsi2sk < :today',
        ExpressionAttributeValues: { ':p': keys.duePledgesIndex(fundId), ':today': today },
      });
      return items.map((item) => fromItem<Pledge>(item)!);
    },
  };
}
