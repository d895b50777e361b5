import type { Receipt } from '../../domain/receipts';

export interface ReceiptStore {
  get(id: string): Promise<Receipt | null>;
  /** The receipts recorded with these bank references in the fund (its `BANKREF` guards), by reference. */
  bankRefOwners(fundId: string, bankRefs: readonly string[]): Promise<Map<string, string>>;
  /** How many receipts were recorded by hand with a bank reference in the fund: 0 spares a statement import every guard read. */
  bankRefCount(fundId: string): Promise<number>;
}
