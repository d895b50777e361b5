/**
 * Bank statement import, resumable: validate the stored file (validation.ts), then commit its
 * lines (line-batches.ts), under a lease, from a checkpoint.
 *
 * Idempotent and resumable. Each line is written under its identity (see
 * shared/domain/statements/identity.ts) with attribute_not_exists, in the same transaction as
 * its receipt or payment, so a line is booked once whatever brings it again: the same file,
 * an overlapping statement, a retried batch or a resumed import. The statement keeps a
 * checkpoint (lines done, in file order) and a lease, so an interrupted import (a crash, a
 * Lambda timeout, the HTTP time budget) is continued by the next run from the checkpoint; lines
 * after the checkpoint that were committed before the interruption are recognised by identity
 * and skipped, and the statement's counters, written in the lines' own transactions, stay exact.
 */
import type { Statement } from '../../domain/statements/statement';
import { NotFoundError } from '../../errors';
import { importLines } from './line-batches';
import { ImportSession, type ImportDeps, type ProcessOptions } from './session';
import { validateStoredFile } from './validation';

export type { ImportDeps, ProcessOptions } from './session';

export interface ProcessResult {
  statement: Statement;
  /** COMPLETED or FAILED. */
  done: boolean;
  /** Another processor holds the statement. */
  busy: boolean;
}

const isTerminal = (s: Statement) => s.status === 'COMPLETED' || s.status === 'FAILED';

/** Takes the statement's lease, waiting up to `waitForLeaseMs` for another run to let it go; otherwise the statement as it is. */
async function takeLease(session: ImportSession, statementId: string): Promise<{ leased: Statement } | { result: ProcessResult }> {
  const { deps, options } = session;
  const lease = () => deps.statements.lease(statementId, options.owner, session.now().toISOString(), session.leaseUntil());
  const waitUntil = Date.now() + (options.waitForLeaseMs ?? 0);
  for (let leased = await lease(); ; leased = await lease()) {
    if (leased) return { leased };
    const current = await deps.statements.get(statementId);
    if (!current) throw new NotFoundError(`Không có sao kê ${statementId} / No statement ${statementId}`);
    if (isTerminal(current) || Date.now() >= waitUntil) return { result: { statement: current, done: isTerminal(current), busy: !isTerminal(current) } };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/**
 * Runs (or continues) a statement's import until it is done or `deadline` passes. Safe to call
 * any number of times, concurrently too: one caller at a time holds the lease, the others get
 * the statement as it is.
 */
export async function processStatement(deps: ImportDeps, statementId: string, options: ProcessOptions): Promise<ProcessResult> {
  const session = new ImportSession(deps, options);
  const taken = await takeLease(session, statementId);
  if ('result' in taken) return taken.result;
  let statement = taken.leased;
  let released = false;
  try {
    if (isTerminal(statement)) {
      statement = await session.save(statement, { release: true });
      released = true;
      return { statement, done: true, busy: false };
    }
    if (!statement.facts) {
      const validated = await validateStoredFile(session, statement);
      statement = validated.statement;
      if (!validated.ok) {
        released = validated.released;
        return { statement, done: isTerminal(statement), busy: false };
      }
    }
    if (!statement.etag) {
      // A body upload's file is stored right after its statement: until it is there, there is nothing to do.
      const head = await deps.statementFiles.head(statement.objectKey);
      if (!head) return { statement, done: false, busy: false };
      statement = await session.save(statement, { set: { etag: head.etag } });
    }
    statement = await importLines(session, statement);
    const done = statement.linesProcessed >= statement.facts!.lineCount;
    const etag = !done && options.continueLater ? await options.continueLater(statement) : undefined;
    statement = await session.save(statement, { set: done ? { status: 'COMPLETED', completedAt: session.now().toISOString() } : { etag }, release: true });
    released = true;
    session.progress.summary(statement, true);
    return { statement, done, busy: false };
  } finally {
    if (!released) await deps.statements.saveProgress(statementId, options.owner, { release: true }).catch(() => undefined);
  }
}
