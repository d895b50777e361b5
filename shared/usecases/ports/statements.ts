import type { CounterName, Statement } from '../../domain/statements/statement';
import type { Page } from './page';

/** A change to a statement by the process that holds its lease (see `StatementStore.lease`). */
export interface StatementProgress {
  set?: Partial<
    Pick<Statement, 'status' | 'etag' | 'facts' | 'account' | 'linesValidated' | 'linesProcessed' | 'errors' | 'validatedAt' | 'completedAt' | 'failedAt' | 'leaseUntil'>
  >;
  add?: Partial<Record<CounterName, number>>;
  /** Only if the checkpoint still is this: a batch's duplicates are counted once. */
  expectLinesProcessed?: number;
  /** Gives the lease up with this change. */
  release?: boolean;
}

/**
 * Bank statements. A statement is created by a command (`create` op) and afterwards changed only
 * by its counters (`statementCounters` op) and by the holder of its processing lease.
 */
export interface StatementStore {
  get(id: string): Promise<Statement | null>;
  /** The fund's statements, newest first. */
  list(fundId: string, options: { cursor?: string; limit: number }): Promise<Page<Statement>>;
  /** Takes (or renews) the right to process a statement until `until`; null if another owner holds it, or no such statement. */
  lease(id: string, owner: string, now: string, until: string): Promise<Statement | null>;
  /** Throws ConflictError when `owner` no longer holds the lease or the checkpoint moved. */
  saveProgress(id: string, owner: string, progress: StatementProgress): Promise<Statement>;
}
