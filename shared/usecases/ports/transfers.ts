import type { TransferEntry } from '../../domain/transfers';

/** One read of the index: a page of gifts, and where the next page starts if there is one. */
export interface TransferPage {
  entries: TransferEntry[];
  after?: string;
}

/** The transfer search index (DESIGN §7.1): gifts by fund, day, exact amount and search key. */
export interface TransferIndex {
  /** Idempotent: the same gift is the same items however often it is put; of one gift put twice in a call, the later wins. */
  put(entries: readonly TransferEntry[]): Promise<void>;
  /**
   * A page of the gifts of the fund, day and amount with a search key that starts with
   * `keyStart` (`transferQueryKeys`); a gift with several such keys comes once per key.
   */
  withKey(fundId: string, day: string, amount: number, keyStart: string, page: { limit: number; after?: string }): Promise<TransferPage>;
}
