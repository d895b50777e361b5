/**
 * Bank statement import: upload, validate, then commit.
 *
 * Stage, then commit. A file is first parsed whole without writing anything (the parser streams
 * lines out before a later row can fail, so nothing may be written while parsing for the first
 * time): a malformed file is a 400 naming row and column (small files, in the upload request) or
 * a FAILED statement carrying the same errors (large files), and no line of it is ever written.
 * Only a file that parsed cleanly is read again and committed, line by line, in file order.
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
import { createHash } from 'node:crypto';
import { newId } from '../../domain/ids';
import type { Fund } from '../../domain/funds';
import { LineIdentifier, type IdentifiedLine } from '../../domain/statements/identity';
import { Matcher, refsToLookUp, type DisbursementInfo, type MatchLookup, type PledgeInfo } from '../../domain/statements/match';
import { parseStatement, type StatementSource } from '../../domain/statements/parse';
import { FactsCollector, zeroCounters, type FileFacts, type Statement } from '../../domain/statements/statement';
import type { StatementLine } from '../../domain/statements/types';
import {
  CommitRejectedError,
  ConcurrentModificationError,
  IdempotencyRecordExistsError,
  NotFoundError,
  ServiceUnavailableError,
  UnprocessableError,
  ValidationError,
} from '../../errors';
import { executeCommand, type CommandContext, type CommandDeps } from '../command';
import type { StoredResponse } from '../idempotency';
import type { ObjectStores, StatementProgress, Stores } from '../ports';
import { BankRefTakenError, DuplicateLineError, FundClosedError, importStatementLine, lineContext, type LineCommandDeps, type LineToImport } from './line-command';
import { LedgerCache, TransactionPack, planCommand } from './unit-of-work';

/** A statement upload: the fund, the new statement (a command), and its file. */
export type UploadDeps = CommandDeps & Pick<Stores, 'funds'> & Pick<ObjectStores, 'statementFiles'>;
/** An import run: the statement and its lines, the ledger commands each line makes, and the file. */
export type ImportDeps = LineCommandDeps & Pick<Stores, 'statements' | 'statementLines'> & Pick<ObjectStores, 'statementFiles'>;

/** The largest statement, uploaded with a presigned PUT (the body route takes up to 4 MB: see shared/routes.ts). */
export const MAX_STATEMENT_BYTES = 100 * 1024 * 1024;
export const UPLOAD_URL_SECONDS = 15 * 60;
/** Lines read, checked against the table and matched per round trip. */
export const BATCH_LINES = 100;
const LEASE_MS = 2 * 60_000;
const PROGRESS_EVERY_MS = 2_000;

export const CSV_TYPE = 'text/csv';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The account a fund's lines belong to: part of every line identity. */
export function accountOf(fund: Pick<Fund, 'bankAccount'>): string {
  return `${fund.bankAccount.bankBin}/${fund.bankAccount.accountNumber}`;
}

export function objectKeyOf(fundId: string, statementId: string): string {
  return `uploads/${fundId}/${statementId}`;
}

/** The statement an object of the statements bucket belongs to, or null for anything else. */
export function statementIdFromKey(key: string): string | null {
  return /^uploads\/[a-z0-9][a-z0-9-]{1,62}\/([0-9A-HJKMNP-TV-Z]{26})$/.exec(key)?.[1] ?? null;
}

const isTerminal = (s: Statement) => s.status === 'COMPLETED' || s.status === 'FAILED';

async function* hashing(source: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>, size: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    hash.update(chunk);
    size.bytes += chunk.length;
    yield chunk;
  }
}

/**
 * Parses a whole file and writes nothing: the file's facts, or the ValidationError of its first
 * bad row (its `errors[].path` names row and column as a spreadsheet numbers them).
 */
export async function validateFile(source: StatementSource, onLine?: (count: number) => Promise<void> | void): Promise<Omit<FileFacts, 'size' | 'sha256'>> {
  const facts = new FactsCollector();
  let format = '';
  let count = 0;
  for await (const line of parseStatement(source, { onHeader: (h) => (format = h.format.id) })) {
    facts.observe(line);
    count++;
    if (onLine) await onLine(count);
  }
  const { size: _size, sha256: _sha, ...rest } = facts.result(format, 0, '');
  return rest;
}

function fundOrFail(fund: Fund | null, fundId: string): Fund {
  if (!fund) throw new UnprocessableError(`Không có quỹ ${fundId} / Unknown fund ${fundId}`, [{ path: 'query.fundId', message: `unknown fund ${fundId}` }]);
  return fund;
}

function newStatement(fund: Fund, id: string, fields: Pick<Statement, 'fileName' | 'contentType' | 'source' | 'status' | 'uploadedBy' | 'uploadedAt'> & Partial<Statement>): Statement {
  return {
    id,
    fundId: fund.fundId,
    account: accountOf(fund),
    objectKey: objectKeyOf(fund.fundId, id),
    linesValidated: 0,
    linesProcessed: 0,
    ...zeroCounters(),
    ...fields,
  };
}

export interface UploadInput {
  fundId: string;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}

/**
 * A small statement in the request body: validated whole before anything is written (a bad
 * file is a 400 naming row and column), then the statement is created QUEUED and the file
 * stored, which starts the import (the bucket's event). The statement exists before its file,
 * so the event always finds it; a retried request re-stores a file that did not arrive.
 */
export async function uploadStatement(deps: UploadDeps, input: UploadInput, context: CommandContext): Promise<StoredResponse<Statement>> {
  const fund = fundOrFail(await deps.funds.get(input.fundId), input.fundId);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const facts: FileFacts = { ...(await validateFile(input.bytes)), size: input.bytes.length, sha256 };
  const response = await executeCommand<Statement>(deps, 'UploadStatement', { fundId: input.fundId, fileName: input.fileName, sha256 }, context, async (now) => {
    const at = now.toISOString();
    const statement = newStatement(fund, newId(now.getTime()), {
      fileName: input.fileName,
      contentType: input.contentType,
      source: 'body',
      status: 'QUEUED',
      uploadedBy: context.actor,
      uploadedAt: at,
      facts,
      linesValidated: facts.lineCount,
      validatedAt: at,
    });
    return { ops: [{ op: 'create', aggregate: { type: 'statement', value: statement } }], response: { status: 202, body: statement } };
  });
  const { objectKey } = response.body;
  if (!(await deps.statementFiles.head(objectKey))) await deps.statementFiles.put(objectKey, input.bytes, input.contentType);
  return response;
}

export interface UploadRequest {
  fundId: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** A large statement: the statement is created AWAITING_UPLOAD and the clerk gets a presigned PUT for its file. */
export async function requestStatementUpload(deps: UploadDeps, input: UploadRequest, context: CommandContext) {
  const fund = await deps.funds.get(input.fundId);
  if (!fund) throw new UnprocessableError(`Unknown fund ${input.fundId}`, [{ path: 'body.fundId', message: `unknown fund ${input.fundId}` }]);
  const response = await executeCommand<Statement>(deps, 'RequestStatementUpload', input, context, async (now) => {
    const statement = newStatement(fund, newId(now.getTime()), {
      fileName: input.fileName,
      contentType: input.contentType,
      source: 'presigned',
      status: 'AWAITING_UPLOAD',
      uploadedBy: context.actor,
      uploadedAt: now.toISOString(),
      expectedSize: input.size,
    });
    return { ops: [{ op: 'create', aggregate: { type: 'statement', value: statement } }], response: { status: 201, body: statement } };
  });
  const statement = response.body;
  // Presigned afresh on a replay: a URL is short-lived, the key is the statement's.
  const url = await deps.statementFiles.presignPut(statement.objectKey, input.contentType, input.size, UPLOAD_URL_SECONDS);
  return {
    status: response.status,
    statement,
    upload: { method: 'PUT' as const, url, headers: { 'content-type': input.contentType }, expiresIn: UPLOAD_URL_SECONDS },
  };
}

export interface ProcessOptions {
  /** Who processes (`lambda:<requestId>`, `http:<requestId>`…): the lease's owner. */
  owner: string;
  /** Stop, resumably, once this time (epoch ms) has passed. */
  deadline?: number;
  /** How long to wait for another processor's lease to be released before giving up. */
  waitForLeaseMs?: number;
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

export interface ProcessResult {
  statement: Statement;
  /** COMPLETED or FAILED. */
  done: boolean;
  /** Another processor holds the statement. */
  busy: boolean;
}

/**
 * Runs (or continues) a statement's import until it is done or `deadline` passes. Safe to call
 * any number of times, concurrently too: one caller at a time holds the lease, the others get
 * the statement as it is.
 */
export async function processStatement(deps: ImportDeps, statementId: string, options: ProcessOptions): Promise<ProcessResult> {
  const run = new ImportRun(deps, options);
  return run.process(statementId);
}

class ImportRun {
  private readonly now: () => Date;
  private readonly started = Date.now();
  private lastProgress = 0;
  private linesThisRun = 0;

  constructor(
    private readonly deps: ImportDeps,
    private readonly options: ProcessOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  private leaseUntil(): string {
    return new Date(this.now().getTime() + LEASE_MS).toISOString();
  }

  private overdue(): boolean {
    return this.options.deadline !== undefined && Date.now() >= this.options.deadline;
  }

  async process(statementId: string): Promise<ProcessResult> {
    const { deps, options } = this;
    let statement = await deps.statements.lease(statementId, options.owner, this.now().toISOString(), this.leaseUntil());
    const waitUntil = Date.now() + (options.waitForLeaseMs ?? 0);
    while (!statement) {
      const current = await deps.statements.get(statementId);
      if (!current) throw new NotFoundError(`Không có sao kê ${statementId} / No statement ${statementId}`);
      if (isTerminal(current) || Date.now() >= waitUntil) return { statement: current, done: isTerminal(current), busy: !isTerminal(current) };
      await new Promise((resolve) => setTimeout(resolve, 500));
      statement = await deps.statements.lease(statementId, options.owner, this.now().toISOString(), this.leaseUntil());
    }
    let released = false;
    try {
      if (isTerminal(statement)) {
        statement = await this.save(statement, { release: true });
        released = true;
        return { statement, done: true, busy: false };
      }
      if (!statement.facts) {
        const validated = await this.validate(statement);
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
        statement = await this.save(statement, { set: { etag: head.etag } });
      }
      statement = await this.importLines(statement);
      const done = statement.linesProcessed >= statement.facts!.lineCount;
      const etag = !done && options.continueLater ? await options.continueLater(statement) : undefined;
      statement = await this.save(statement, {
        set: done ? { status: 'COMPLETED', completedAt: this.now().toISOString() } : { etag },
        release: true,
      });
      released = true;
      this.report(statement, true);
      return { statement, done, busy: false };
    } finally {
      if (!released) {
        await deps.statements.saveProgress(statementId, options.owner, { release: true }).catch(() => undefined);
      }
    }
  }

  private save(statement: Statement, progress: StatementProgress): Promise<Statement> {
    return this.deps.statements.saveProgress(statement.id, this.options.owner, progress);
  }

  /** The first pass over a stored file: parse it whole, write nothing but progress. */
  private async validate(statement: Statement): Promise<{ statement: Statement; ok: boolean; released: boolean }> {
    const head = await this.deps.statementFiles.head(statement.objectKey);
    if (!head) return { statement, ok: false, released: false };
    const fail = async (errors: { path: string; message: string }[]) => ({
      statement: await this.save(statement, {
        set: { status: 'FAILED', failedAt: this.now().toISOString(), errors, linesValidated: 0 },
        release: true,
      }),
      ok: false,
      released: true,
    });
    if (head.size > MAX_STATEMENT_BYTES) {
      return fail([{ path: 'file', message: `the file is ${head.size} bytes; statements may be at most ${MAX_STATEMENT_BYTES} bytes (100 MB)` }]);
    }
    if (statement.status === 'AWAITING_UPLOAD') statement = await this.save(statement, { set: { status: 'QUEUED', etag: head.etag } });
    const hash = createHash('sha256');
    const size = { bytes: 0 };
    let facts: Omit<FileFacts, 'size' | 'sha256'>;
    try {
      const source = hashing(await this.deps.statementFiles.read(statement.objectKey, head.etag), hash, size);
      facts = await validateFile(source, async (count) => {
        if (Date.now() - this.lastProgress < PROGRESS_EVERY_MS) return;
        this.lastProgress = Date.now();
        statement = await this.save(statement, { set: { linesValidated: count, leaseUntil: this.leaseUntil() } });
        this.options.log?.(`statement ${statement.id}: validating, ${count.toLocaleString('en-US')} lines parsed`, { statementId: statement.id, linesValidated: count });
      });
    } catch (error) {
      if (error instanceof ValidationError) return fail(error.errors.length ? error.errors : [{ path: 'row 1', message: error.message }]);
      throw error;
    }
    const at = this.now().toISOString();
    statement = await this.save(statement, {
      set: {
        status: 'IMPORTING',
        etag: head.etag,
        facts: { ...facts, size: size.bytes, sha256: hash.digest('hex') },
        linesValidated: facts.lineCount,
        validatedAt: at,
        leaseUntil: this.leaseUntil(),
      },
    });
    this.options.log?.(`statement ${statement.id}: ${facts.lineCount.toLocaleString('en-US')} lines valid (${facts.format}), importing`, {
      statementId: statement.id,
      lineCount: facts.lineCount,
    });
    return { statement, ok: true, released: false };
  }

  /** The second pass: every line after the checkpoint, in file order, in batches. */
  private async importLines(statement: Statement): Promise<Statement> {
    const { deps, options } = this;
    if (statement.status !== 'IMPORTING') statement = await this.save(statement, { set: { status: 'IMPORTING' } });
    const cache = new LedgerCache(deps);
    const identifier = new LineIdentifier(statement.account, { daysTogether: statement.facts?.daysTogether === true });
    const batchLines = options.batchLines ?? BATCH_LINES;
    let batch: IdentifiedLine[] = [];
    try {
      for await (const line of parseStatement(await deps.statementFiles.read(statement.objectKey, statement.etag))) {
        // Every line goes through the identifier, done or not: twins are numbered in file order.
        const identified = identifier.identify(line);
        if (line.lineNo <= statement.linesProcessed) continue;
        batch.push(identified);
        if (batch.length < batchLines) continue;
        statement = await this.runBatch(cache, statement, batch);
        batch = [];
        if (this.overdue()) return statement;
      }
    } catch (error) {
      // The file parsed whole once; failing now means the stored copy is not (yet) all there.
      // What was committed stays committed, and the next run continues from the checkpoint.
      if (error instanceof ValidationError) {
        throw new ServiceUnavailableError(`The stored file of statement ${statement.id} could not be read again; the import continues on the next run`, 5, {
          cause: error,
        });
      }
      throw error;
    }
    if (batch.length) statement = await this.runBatch(cache, statement, batch);
    return statement;
  }

  private async runBatch(cache: LedgerCache<ImportDeps>, statement: Statement, batch: IdentifiedLine[]): Promise<Statement> {
    const existing = await this.deps.statementLines.getMany(statement.fundId, batch.map((b) => b.identity));
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
      const lookup = await this.lookup(cache, statement.fundId, fresh.map((f) => f.line));
      const matcher = new Matcher(lookup);
      const items: LineToImport[] = fresh.map((f) => ({
        statementId: statement.id,
        fundId: statement.fundId,
        line: f.line,
        lineId: f.identity,
        occurrence: f.occurrence,
        match: matcher.match(f.line),
      }));
      duplicates += await this.commitLines(cache, items);
    }
    const last = batch[batch.length - 1]!.line.lineNo;
    const saved = await this.save(statement, {
      set: { linesProcessed: last, leaseUntil: this.leaseUntil() },
      add: duplicates ? { duplicates } : undefined,
      expectLinesProcessed: statement.linesProcessed,
    });
    this.linesThisRun += batch.length;
    this.report(saved, false);
    return saved;
  }

  /** The pledges and disbursements the batch's memos name (near-miss suggestions included), read in one go. */
  private async lookup(cache: LedgerCache<ImportDeps>, fundId: string, lines: StatementLine[]): Promise<MatchLookup> {
    const refs = [...refsToLookUp(lines)];
    const [pledges, disbursements] = await Promise.all([this.deps.pledges.getByRefs(refs), this.deps.disbursements.getByRefs(refs)]);
    // Another fund's code is not a match here: to this fund it is an unknown code.
    const own = { pledges: pledges.filter((p) => p.fundId === fundId), disbursements: disbursements.filter((d) => d.fundId === fundId) };
    cache.prime(own);
    return {
      pledges: new Map<string, PledgeInfo>(own.pledges.map((p) => [p.ref, { amount: p.amount, received: p.received }])),
      disbursements: new Map<string, DisbursementInfo>(
        own.disbursements.map((d) => [d.ref, { amount: d.amount, paid: d.status === 'PAID' || d.status === 'CONFIRMED' }]),
      ),
    };
  }

  /**
   * Commits the batch's new lines, several to a transaction. Each line is planned as its own
   * command (`importStatementLine`); the plans share a transaction while their records do not
   * collide (two payments to one pledge go into consecutive transactions, the second planned on
   * the first). If a shared transaction is refused (a line imported meanwhile by someone else,
   * a bank reference recorded by hand, a concurrent change), its lines are committed one by
   * one, each with its own conditions and retries. Returns the lines found already imported.
   */
  private async commitLines(cache: LedgerCache<ImportDeps>, items: LineToImport[]): Promise<number> {
    let duplicates = 0;
    let pack = new TransactionPack<LineToImport>();
    const plan = (item: LineToImport) => {
      cache.markAbsent(lineContext(item.statementId, item.lineId).idempotencyKey);
      return planCommand(cache.deps, (planning) => importStatementLine(planning, item, lineContext(item.statementId, item.lineId, this.now)), { ownIdempotency: true });
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
        const refused =
          error instanceof CommitRejectedError || error instanceof ConcurrentModificationError || error instanceof IdempotencyRecordExistsError;
        if (!refused) throw error;
        for (const member of members) duplicates += await this.commitOne(cache, member);
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
  private async commitOne(cache: LedgerCache<ImportDeps>, item: LineToImport): Promise<number> {
    const context = lineContext(item.statementId, item.lineId, this.now);
    try {
      await importStatementLine(cache.deps, item, context);
      return 0;
    } catch (error) {
      if (error instanceof DuplicateLineError) {
        const line = await this.deps.statementLines.get(item.fundId, item.lineId);
        return line && line.statementId !== item.statementId ? 1 : 0;
      }
      const without = error instanceof BankRefTakenError ? 'BANK_REF_RECORDED' : error instanceof FundClosedError ? 'FUND_CLOSED' : undefined;
      if (!without) throw error;
      await importStatementLine(cache.deps, item, context, { withoutReceipt: without });
      return 0;
    }
  }

  private report(statement: Statement, final: boolean): void {
    if (!this.options.log) return;
    if (!final && Date.now() - this.lastProgress < PROGRESS_EVERY_MS) return;
    this.lastProgress = Date.now();
    const total = statement.facts?.lineCount ?? 0;
    const seconds = (Date.now() - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(this.linesThisRun / seconds) : 0;
    const n = (x: number) => x.toLocaleString('en-US');
    const percent = total ? Math.floor((statement.linesProcessed / total) * 100) : 100;
    this.options.log(
      `statement ${statement.id}: ${n(statement.linesProcessed)}/${n(total)} lines (${percent}%), ${n(statement.imported)} new, ` +
        `${n(statement.duplicates)} already imported; matched ${n(statement.matched)}, unmatched ${n(statement.unmatched)}, ` +
        `flagged ${n(statement.flagged)}; ${n(rate)} lines/s${final ? (statement.status === 'COMPLETED' ? ' — completed' : ' — paused') : ''}`,
      {
        statementId: statement.id,
        linesProcessed: statement.linesProcessed,
        lineCount: total,
        imported: statement.imported,
        duplicates: statement.duplicates,
        matched: statement.matched,
        unmatched: statement.unmatched,
        flagged: statement.flagged,
        linesPerSecond: rate,
      },
    );
  }
}
