/** Disbursements in DynamoDB: by id, by reference code (through its guard), by fund (gsi1). */
import type { Disbursement } from '../../domain/disbursements';
import { payoutRefName } from '../../domain/payouts';
import type { DisbursementStore } from '../../usecases/ports/disbursements';
import { disbursementOf } from './items/reference';
import { batchGet, fromItem, getItem, keys, queryAll, type ItemKey } from './table';

export function dynamoDisbursementStore(): DisbursementStore {
  return {
    get: async (id) => fromItem<Disbursement>(await getItem(keys.disbursement(id), true)),

    async getByRef(ref) {
      const target = disbursementOf(await getItem(keys.ref(ref), true));
      return target ? fromItem<Disbursement>(await getItem(target, true)) : null;
    },

    async getByRefs(refs) {
      if (refs.length === 0) return [];
      const guards = await batchGet(refs.map((ref) => keys.ref(ref)));
      const targets = guards.map((guard) => disbursementOf(guard)).filter((key): key is ItemKey => key !== null);
      if (targets.length === 0) return [];
      return (await batchGet(targets)).map((item) => fromItem<Disbursement>(item)!);
    },

    async listByFund(fundId) {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.fundDisbursementsIndex(fundId) } });
      return items.map((item) => fromItem<Disbursement>(item)!);
    },

    async paidWithBankRef(account, bankRef) {
      const guard = await getItem(keys.unique(payoutRefName(account, bankRef)), true);
      return guard ? String(guard.owner) : null;
    },
  };
}
