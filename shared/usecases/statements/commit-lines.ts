/**
 * Committing a batch's new lines, several to a transaction. Each line is planned as its own
 * command (`importStatementLine`); the plans share a transaction while their records do not
 * collide (two payments to one pledge go into consecutive transactions, the second planned on
 * the first). If a shared transaction is refused (a line imported meanwhile by someone else, a
 * bank reference recorded by hand, a concurrent change), its lines are committed one by one,
 * each with its own conditions and retries.
 */
import { CommitRejectedError, ConcurrentModificationError, IdempotencyRecordExistsError } from '../../errors';
import { BankRefTakenError, DuplicateLineError, FundClosedError, importStatementLine, lineContext, type LineToImport } from './line-command';
import type { ImportDeps } from './session';
import { LedgerCache, TransactionPack, planCommand } from './unit-of-work';

/** Commits the lines; returns how many were found already imported by another statement. */
export async function commitLines(deps: ImportDeps, cache: LedgerCache<ImportDeps>, items: readonly LineToImport[], now: () => Date): Promise<number> {
  let duplicates = 0;
  let pack = new TransactionPack<LineToImport>();
  const plan = (item: LineToImport) => {
    cache.markAbsent(lineContext(item.statementId, item.lineId).idempotencyKey);
    return planCommand(cache.deps, (planning) => importStatementLine(planning, item, lineContext(item.statementId, item.lineId, now)), { ownIdempotency: true });
  };
  const flush = async (): Promise<boolean> => {
    const members = pack.members;
    const writes = pack.writes();
    pack = new TransactionPack<LineToImport>();
    if (members.length === 0) return true;
    try {
      await cache.deps.transaction.commit(writes);
      return true;
    } catch (error) {
      const refused = error instanceof CommitRejectedError || error instanceof ConcurrentModificationError || error instanceof IdempotencyRecordExistsError;
      if (!refused) throw error;
      for (const member of members) duplicates += await commitOne(deps, cache, member, now);
      return false;
    }
  };
  for (const item of items) {
    let planned = await plan(item);
    if (planned.replayed) continue;
    if (!pack.fits(planned.ops)) {
      if (!(await flush())) planned = await plan(item);
      if (planned.replayed) continue;
    }
    pack.add(item, planned.ops);
    cache.follow(planned.ops);
  }
  await flush();
  return duplicates;
}

/** One line in its own transaction, with the fallbacks a refused write calls for. Returns 1 for a duplicate. */
async function commitOne(deps: ImportDeps, cache: LedgerCache<ImportDeps>, item: LineToImport, now: () => Date): Promise<number> {
  const context = lineContext(item.statementId, item.lineId, now);
  try {
    await importStatementLine(cache.deps, item, context);
    return 0;
  } catch (error) {
    if (error instanceof DuplicateLineError) {
      const line = await deps.statementLines.get(item.fundId, item.lineId);
      return line && line.statementId !== item.statementId ? 1 : 0;
    }
    const without = error instanceof BankRefTakenError ? 'BANK_REF_RECORDED' : error instanceof FundClosedError ? 'FUND_CLOSED' : undefined;
    if (!without) throw error;
    await importStatementLine(cache.deps, item, context, { withoutReceipt: without });
    return 0;
  }
}
