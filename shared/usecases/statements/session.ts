/**
 * What one import run carries through its passes: the stores, who holds the lease and until
 * when, the clock, the deadline, and how progress is saved (on the statement, held to the lease).
 */
import type { Statement } from '../../domain/statements/statement';
import type { ObjectStores, StatementProgress, Stores } from '../ports';
import { ProgressLog } from './progress';
import * as clock from '../../domain/clock';

/** The statement, its lines and the day index, what the lines pay (pledges, disbursements), the saved layouts, and the file. */
export type ImportDeps = Pick<
  Stores,
  'funds' | 'pledges' | 'disbursements' | 'receipts' | 'statements' | 'statementLines' | 'dayIndex' | 'statementMappings' | 'idempotency' | 'transaction'
> &
  Pick<ObjectStores, 'statementFiles' | 'statementParser'>;

export interface ProcessOptions {
  /** Who processes (`lambda:<requestId>`, `http:<requestId>`…): the lease's owner. */
  owner: string;
  /** Stop, resumably, once this time (epoch ms) has passed. */
  deadline?: number;
  /** How long to wait for another processor's lease to be released before giving up. */
  waitForLeaseMs?: number;
  /** How long a lease lasts unless renewed (default two minutes); every checkpoint renews it. */
  leaseMs?: number;
  /** Progress lines (the twin prints them; Lambda logs them). */
  log?: (message: string, fields: Record<string, unknown>) => void;
  now?: () => Date;
  batchLines?: number;
  /**
   * Called when the deadline stops an unfinished import, before the lease is given up: arranges
   * the next run (the bucket event re-fires) and returns the file's new ETag.
   */
  continueLater?: (statement: Statement) => Promise<string>;
}

export const DEFAULT_LEASE_MS = 2 * 60_000;

export class ImportSession {
  readonly now: () => Date;
  readonly progress: ProgressLog;

  constructor(
    readonly deps: ImportDeps,
    readonly options: ProcessOptions,
  ) {
    this.now = options.now ?? (() => clock.now());
    this.progress = new ProgressLog(options.log);
  }

  leaseUntil(): string {
    return new Date(this.now().getTime() + (this.options.leaseMs ?? DEFAULT_LEASE_MS)).toISOString();
  }

  overdue(): boolean {
    return this.options.deadline !== undefined && Date.now() >= this.options.deadline;
  }

  /** A change to the statement under this run's lease (ConflictError if it was lost). */
  save(statement: Statement, progress: StatementProgress): Promise<Statement> {
    return this.deps.statements.saveProgress(statement.id, this.options.owner, progress);
  }
}
