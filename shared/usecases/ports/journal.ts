import type { JournalEntry } from '../../domain/journal';
import type { Page } from './page';

/** The journal is written only by commands (the transaction's `journal` op); these are its reads. */
export interface JournalStore {
  /**
   * A page of the fund's journal in entry-id order, or newest first (`newestFirst`: the public
   * donor list). ValidationError for a cursor of another list.
   */
  page(fundId: string, options: { cursor?: string; limit: number; newestFirst?: boolean }): Promise<Page<JournalEntry>>;
  /** Every entry of one pledge, receipt, disbursement or statement line (its `entityRef`), in entry-id order. */
  entityTrail(entityRef: string): Promise<JournalEntry[]>;
  /**
   * The fund's entries whose id time is before `range.before` and not before `range.from`
   * (epoch ms; every entry without them), in entry-id order, strongly consistent, a page at a
   * time, the next page read while the caller works on this one. At most one bound is given.
   */
  pages(fundId: string, range?: { before?: number; from?: number }): AsyncIterable<JournalEntry[]>;
}
