import type { LineBatch } from '../../domain/statements/statement';

/** What a scan of a statement's batches returns: the batches read, and where the next scan starts. */
export interface BatchScan {
  batches: LineBatch[];
  /** The first line number after the last batch read; absent when the statement has no more. */
  next?: number;
}

/**
 * A statement's lines, kept in batches (DESIGN §9.3) under the statement, in line order; written
 * by commands (`create` / `update` of a `statementBatch`).
 */
export interface StatementLineStore {
  /** The batch that holds this line of the statement. */
  batchOf(statementId: string, lineNo: number): Promise<LineBatch | null>;
  /**
   * The statement's batches from the one holding `fromLineNo` on, in line order, at most about
   * `maxBatches`; with `having`, only batches holding a line of that class or review status.
   */
  scan(statementId: string, options: { fromLineNo: number; maxBatches: number; having?: string }): Promise<BatchScan>;
}
