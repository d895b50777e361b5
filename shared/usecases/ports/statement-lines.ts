import type { StatementLineRecord, StoredLineStatus } from '../../domain/statements/statement';
import type { Page } from './page';

/** Statement lines, each under its identity within the fund (written by commands: `create` / `update` ops). */
export interface StatementLineStore {
  get(fundId: string, lineId: string): Promise<StatementLineRecord | null>;
  /** The lines of the fund that exist among these ids (one batched read). */
  getMany(fundId: string, lineIds: readonly string[]): Promise<Map<string, StatementLineRecord>>;
  /** A statement's own lines by status, then in file order; or the lines of one status in file order. */
  listByStatement(statementId: string, options: { status?: StoredLineStatus; cursor?: string; limit: number }): Promise<Page<StatementLineRecord>>;
  /** UNMATCHED and FLAGGED lines of every statement of the fund, oldest value date first, at most `limit`. */
  listToReview(fundId: string, limit: number): Promise<StatementLineRecord[]>;
}
