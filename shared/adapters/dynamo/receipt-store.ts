/** Receipts in DynamoDB. */
import type { Receipt } from '../../domain/receipts';
import type { ReceiptStore } from '../../usecases/ports/receipts';
import { fromItem, getItem, keys } from './table';

export function dynamoReceiptStore(): ReceiptStore {
  return {
    get: async (id) => fromItem<Receipt>(await getItem(keys.receipt(id), true)),
  };
}
