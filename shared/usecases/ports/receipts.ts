import type { Receipt } from '../../domain/receipts';

export interface ReceiptStore {
  get(id: string): Promise<Receipt | null>;
}
