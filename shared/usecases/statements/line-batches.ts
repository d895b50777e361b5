/**
 * The import pass over a validated statement (DESIGN §9.3): every line after the checkpoint, in
 * file order, in batches of one value date. Each batch is planned (batch-plan.ts) against the day
 * index of its account and day, held in memory for that day only, and committed in one
 * transaction with its checkpoint. A batch refused because the day, a pledge, the fund or its
 * hand-recorded references changed meanwhile is planned again on a fresh view; one refused
 * because the lease or the checkpoint moved ends the run (another run has the statement).
 */
import { DayIdentity } from '../../domain/statements/identity';
import { addCounters, COUNTERS, type Counters, type Statement } from '../../domain/statements/statement';
import { codeCandidates } from '../../domain/statements/memo';
import type { ReadLine } from '../../domain/statements/types';
import { StatementReading } from '../../domain/statements/continuity';
import { CommitRejectedError, ConcurrentModificationError, ConflictError, ServiceUnavailableError, TransactionTooLargeError, ValidationError } from '../../errors';
import { MAX_TRANSACTION_ITEMS } from '../ports';
import { planBatch, type BatchContext, type LoadedDay } from './batch-plan';
import type { ImportSession } from './session';
import { savedFormats } from './validation';

/** At most this many lines to a batch: a few hundred records stay well inside an item's 400 KB. */
export const BATCH_LINES = 250;
/** What a batch's lines may weigh, as JSON, in its item. */
const BATCH_BYTES = 280_000;
/** A batch's fixed items (the batch, its index chunk and head, the journal entry, the fund's balance and open check, the counters, the reference fence). */
const FIXED_ITEMS = 8;
const ATTEMPTS = 8;

/** What a line may add to its batch's transaction: a pledge it may pay, or a disbursement (its update and entry). */
function itemsOf(line: ReadLine): number {
  let items = 0;
  for (const c of codeCandidates(line.memo)) if (c.valid) items += c.prefix === 'GN' ? 2 : 1;
  return items;
}

const weight = (line: ReadLine) => 200 + line.memo.length * 2 + (line.counterparty?.length ?? 0) + (line.damage ? line.damage.raw.length * 2 + 200 : 0);

class PendingBatch {
  lines: ReadLine[] = [];
  private items = FIXED_ITEMS;
  private bytes = 0;
  valueDate: string | undefined;

  fits(line: ReadLine, limit: number): boolean {
    if (this.lines.length === 0) return true;
    if (line.valueDate && this.valueDate && line.valueDate !== this.valueDate) return false;
    return this.lines.length < limit && this.items + itemsOf(line) <= MAX_TRANSACTION_ITEMS - 4 && this.bytes + weight(line) <= BATCH_BYTES;
  }

  add(line: ReadLine): void {
    this.lines.push(line);
    this.items += itemsOf(line);
    this.bytes += weight(line);
    this.valueDate ??= line.valueDate;
  }
}

/** The run's view of the ledger: the fund, its hand-recorded references, and the current day of the index. */
class RunState {
  day: LoadedDay | undefined;
  fund!: BatchContext['fund'];
  bankRefCount = 0;

  constructor(private readonly session: ImportSession) {}

  async refresh(statement: Statement): Promise<void> {
    const { deps } = this.session;
    const [fund, count] = await Promise.all([deps.funds.get(statement.fundId), deps.receipts.bankRefCount(statement.fundId)]);
    this.fund = fund!;
    this.bankRefCount = count;
    this.day = undefined;
  }

  /** The day index of the batch's value date, read when the import reaches that day (one day held at a time). */
  async dayFor(statement: Statement, valueDate: string | undefined): Promise<LoadedDay | undefined> {
    if (!valueDate) return undefined;
    if (this.day?.valueDate === valueDate) return this.day;
    const index = await this.session.deps.dayIndex.read(statement.account, valueDate);
    this.day = { valueDate, version: index.version, identity: new DayIdentity(statement.id, statement.facts?.days[valueDate]?.cover, index.chunks) };
    return this.day;
  }
}

/** Imports lines until the file ends or the run is overdue; returns the statement at its last checkpoint. */
export async function importLines(session: ImportSession, statement: Statement): Promise<Statement> {
  const { deps, options } = session;
  if (statement.status !== 'IMPORTING') statement = await session.save(statement, { set: { status: 'IMPORTING' } });
  const run = new RunState(session);
  await run.refresh(statement);
  const limit = options.batchLines ?? BATCH_LINES;
  const formats = await savedFormats(deps.statementMappings);
  const reading = new StatementReading();
  let pending = new PendingBatch();
  try {
    for await (const row of deps.statementParser.parse(await deps.statementFiles.read(statement.objectKey, statement.etag), { formats })) {
      // Every row goes through the reading, done or not: the balance chain runs from the first.
      const read = reading.accept(row);
      if (read.row.kind !== 'line') continue;
      const line = read.row.line;
      if (line.lineNo <= statement.linesProcessed) continue;
      if (!pending.fits(line, limit)) {
        statement = await commitBatch(session, run, statement, pending.lines);
        pending = new PendingBatch();
        if (session.overdue()) return statement;
      }
      pending.add(line);
    }
  } catch (error) {
    // The file was read whole once; failing now means the stored copy is not (yet) all there.
    // What was committed stays committed, and the next run continues from the checkpoint.
    if (error instanceof ValidationError) {
      throw new ServiceUnavailableError(`The stored file of statement ${statement.id} could not be read again; the import continues on the next run`, 5, { cause: error });
    }
    throw error;
  }
  if (pending.lines.length) statement = await commitBatch(session, run, statement, pending.lines);
  return statement;
}

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(1_000, 20 * 2 ** attempt)));

/** Plans and commits one batch, planning it again on a fresh view when the ledger moved under it. */
async function commitBatch(session: ImportSession, run: RunState, statement: Statement, lines: ReadLine[]): Promise<Statement> {
  const { deps, options } = session;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const now = session.now();
    const day = await run.dayFor(statement, lines.find((l) => l.valueDate)?.valueDate);
    const plan = await planBatch(deps, { statement, fund: run.fund, day, bankRefCount: run.bankRefCount, owner: options.owner, leaseUntil: session.leaseUntil(), now }, lines);
    if (plan.ops.length > MAX_TRANSACTION_ITEMS) {
      // More pledges or payouts than the estimate allowed for: two smaller batches.
      if (lines.length === 1) throw new TransactionTooLargeError(plan.ops.length, MAX_TRANSACTION_ITEMS);
      run.day = undefined;
      const half = Math.ceil(lines.length / 2);
      statement = await commitBatch(session, run, statement, lines.slice(0, half));
      return commitBatch(session, run, statement, lines.slice(half));
    }
    try {
      await deps.transaction.commit(plan.ops);
    } catch (error) {
      if (error instanceof CommitRejectedError) {
        if (error.failedOp === 'statementCounters' || error.failedOp === 'create:statementBatch') {
          throw new ConflictError(`Statement ${statement.id} is being imported by another run, or its checkpoint moved`, statement.status, { cause: error });
        }
        // The day, a pledge, a disbursement, the fund or its hand-recorded references moved: look again.
        await run.refresh(statement);
        continue;
      }
      if (error instanceof ConcurrentModificationError) {
        await run.refresh(statement);
        await backoff(attempt);
        continue;
      }
      throw error;
    }
    if (day) day.version++;
    const next: Statement = { ...statement, ...addCounters(pickCounters(statement), plan.counters), linesProcessed: plan.batch.lastLineNo, leaseUntil: session.leaseUntil() } as Statement;
    session.progress.batchDone(next, lines.length);
    return next;
  }
  throw new ServiceUnavailableError(`The ledger kept changing under statement ${statement.id}'s batch at line ${lines[0]!.lineNo}; the import continues on the next run`, 2);
}

function pickCounters(statement: Statement): Partial<Counters> {
  return Object.fromEntries(COUNTERS.map((name) => [name, statement[name] ?? 0])) as Partial<Counters>;
}
