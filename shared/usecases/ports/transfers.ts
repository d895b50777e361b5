import type { TransferEntry } from '../../domain/transfers';

/** The transfer search index (DESIGN §7.1): gifts by fund, day and exact amount. */
export interface TransferIndex {
  /** Idempotent: the same gift is one item however often it is put. */
  put(entries: readonly TransferEntry[]): Promise<void>;
  /** Every gift of the fund with this day and amount: only the candidates are read. */
  candidates(fundId: string, day: string, amount: number): Promise<TransferEntry[]>;
}
