/** Receipts in DynamoDB, and the fund's bank-reference guards (`UNIQUE#BANKREF#<fundId>#<ref>`) with their count. */
import type { Receipt } from '../../domain/receipts';
import type { ReceiptStore } from '../../usecases/ports/receipts';
import { batchGet, fromItem, getItem, keys } from './table';

/** The unique name a receipt's bank reference is claimed under (see recordReceipt). */
const bankRefName = (fundId: string, bankRef: string) => `BANKREF#${fundId}#${bankRef}`;

export function dynamoReceiptStore(): ReceiptStore {
  return {
    get: async (id) => fromItem<Receipt>(await getItem(keys.receipt(id), true)),

    async bankRefOwners(fundId, bankRefs) {
      const items = await batchGet(bankRefs.map((ref) => keys.unique(bankRefName(fundId, ref))));
      const prefix = `UNIQUE#${bankRefName(fundId, '')}`;
      return new Map(items.map((item) => [String(item.pk).slice(prefix.length), String(item.owner)]));
    },

    bankRefCount: async (fundId) => Number((await getItem(keys.bankRefs(fundId), true))?.count ?? 0),
  };
}
