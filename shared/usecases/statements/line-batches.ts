/**
 * The second pass over a validated statement: every line after the checkpoint, in file order,
 * in batches. Each batch leaves out the lines already in the ledger (by identity), matches the
 * rest against the pledges and disbursements their memos name, commits them, and moves the
 * checkpoint; the statement's counters change in the lines' own transactions, so they stay
 * exact whatever is interrupted and run again.
 */
import { LineIdentifier, type IdentifiedLine } from '../../domain/statements/identity';
import { Matcher, refsToLookUp, type DisbursementInfo, type MatchLookup, type PledgeInfo } from '../../domain/statements/match';
import type { Statement } from '../../domain/statements/statement';
import type { StatementLine } from '../../domain/statements/types';
import { ServiceUnavailableError, ValidationError } from '../../errors';
import { commitLines } from './commit-lines';
import type { LineToImport } from './line-command';
import type { ImportDeps, ImportSession } from './session';
import { LedgerCache } from './unit-of-work';

/** Lines read, checked against the table and matched per round trip. */
export const BATCH_LINES = 100;

/** Imports lines until the file ends or the run is overdue; returns the statement at its last checkpoint. */
export async function importLines(session: ImportSession, statement: Statement): Promise<Statement> {
  const { deps, options } = session;
  if (statement.status !== 'IMPORTING') statement = await session.save(statement, { set: { status: 'IMPORTING' } });
  const cache = new LedgerCache(deps);
  const identifier = new LineIdentifier(statement.account, { daysTogether: statement.facts?.daysTogether === true });
  const batchLines = options.batchLines ?? BATCH_LINES;
  let batch: IdentifiedLine[] = [];
  try {
    for await (const line of deps.statementParser.parse(await deps.statementFiles.read(statement.objectKey, statement.etag))) {
      // Every line goes through the identifier, done or not: twins are numbered in file order.
      const identified = identifier.identify(line);
      if (line.lineNo <= statement.linesProcessed) continue;
      batch.push(identified);
      if (batch.length < batchLines) continue;
      statement = await runBatch(session, cache, statement, batch);
      batch = [];
      if (session.overdue()) return statement;
    }
  } catch (error) {
    // The file parsed whole once; failing now means the stored copy is not (yet) all there.
    // What was committed stays committed, and the next run continues from the checkpoint.
    if (error instanceof ValidationError) {
      throw new ServiceUnavailableError(`The stored file of statement ${statement.id} could not be read again; the import continues on the next run`, 5, { cause: error });
    }
    throw error;
  }
  if (batch.length) statement = await runBatch(session, cache, statement, batch);
  return statement;
}

async function runBatch(session: ImportSession, cache: LedgerCache<ImportDeps>, statement: Statement, batch: IdentifiedLine[]): Promise<Statement> {
  const { deps } = session;
  const existing = await deps.statementLines.getMany(statement.fundId, batch.map((b) => b.identity));
  let duplicates = 0;
  const fresh: IdentifiedLine[] = [];
  for (const item of batch) {
    const found = existing.get(item.identity);
    if (!found) fresh.push(item);
    // A line this statement wrote before an interruption was counted in its own transaction.
    else if (found.statementId !== statement.id) duplicates++;
  }
  if (fresh.length > 0) {
    // The batch reads its pledges and disbursements afresh, so the cache need only hold this
    // batch's: memory stays the same from the first batch of a statement to the last.
    cache.invalidate();
    const matcher = new Matcher(await lookup(deps, cache, statement.fundId, fresh.map((f) => f.line)));
    const items: LineToImport[] = fresh.map((f) => ({
      statementId: statement.id,
      fundId: statement.fundId,
      line: f.line,
      lineId: f.identity,
      occurrence: f.occurrence,
      match: matcher.match(f.line),
    }));
    duplicates += await commitLines(deps, cache, items, session.now);
  }
  const saved = await session.save(statement, {
    set: { linesProcessed: batch[batch.length - 1]!.line.lineNo, leaseUntil: session.leaseUntil() },
    add: duplicates ? { duplicates } : undefined,
    expectLinesProcessed: statement.linesProcessed,
  });
  session.progress.batchDone(saved, batch.length);
  return saved;
}

/** The pledges and disbursements the batch's memos name (near-miss suggestions included), read in one go. */
async function lookup(deps: ImportDeps, cache: LedgerCache<ImportDeps>, fundId: string, lines: StatementLine[]): Promise<MatchLookup> {
  const refs = [...refsToLookUp(lines)];
  const [pledges, disbursements] = await Promise.all([deps.pledges.getByRefs(refs), deps.disbursements.getByRefs(refs)]);
  // Another fund's code is not a match here: to this fund it is an unknown code.
  const own = { pledges: pledges.filter((p) => p.fundId === fundId), disbursements: disbursements.filter((d) => d.fundId === fundId) };
  cache.prime(own);
  return {
    pledges: new Map<string, PledgeInfo>(own.pledges.map((p) => [p.ref, { amount: p.amount, received: p.received }])),
    disbursements: new Map<string, DisbursementInfo>(own.disbursements.map((d) => [d.ref, { amount: d.amount, paid: d.status === 'PAID' || d.status === 'CONFIRMED' }])),
  };
}
