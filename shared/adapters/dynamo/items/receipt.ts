/** A receipt (`RECEIPT#<id>` / `META`). */
import type { Receipt } from '../../../domain/receipts';
import { keys, type Item } from '../table';

export function receiptItem(receipt: Receipt): Item {
  return { ...keys.receipt(receipt.id), kind: 'RECEIPT', ...receipt };
}
