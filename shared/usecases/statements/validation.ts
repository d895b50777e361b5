/**
 * The first pass over a statement (DESIGN §9.1): the whole file read, nothing written but
 * progress. It finds out whether the file is a statement at all (a file that is not is refused
 * whole, saying why: unknown columns, binary, empty, over the limit, balances that contradict its
 * rows), which of the fund's accounts it is, and what the import needs to know about its days.
 * A damaged row is not a reason to refuse: it is counted in the facts and held by the import.
 */
import { createHash } from 'node:crypto';
import { accountKey, fundAccounts, type BankAccount, type Fund } from '../../domain/funds';
import { StatementReading } from '../../domain/statements/continuity';
import { FactsCollector } from '../../domain/statements/facts';
import { mappingFormat } from '../../domain/statements/mappings';
import type { FileFacts, Statement } from '../../domain/statements/statement';
import type { StatementFormat } from '../../domain/statements/formats';
import { UnprocessableError, ValidationError } from '../../errors';
import type { StatementMappingStore, StatementParser, StatementSource } from '../ports';
import type { ImportSession } from './session';

/** The largest statement, uploaded with a presigned PUT (the body route takes up to 4 MB: see shared/routes/statements.ts). */
export const MAX_STATEMENT_BYTES = 100 * 1024 * 1024;

/** What the first pass learns, and the format it read the file with. */
export type FirstPass = Omit<FileFacts, 'size' | 'sha256'> & { bankBin?: string };

/** The saved mappings, as formats detection tries before the built-in layouts. */
export async function savedFormats(mappings: Pick<StatementMappingStore, 'list'>): Promise<StatementFormat[]> {
  return (await mappings.list()).map(mappingFormat);
}

/**
 * Reads a whole file and writes nothing: its facts, or the ValidationError that says why it is
 * not a statement (its `errors[].path` names the row and column, or `file`).
 */
export async function readFile(
  parser: StatementParser,
  source: StatementSource,
  formats: readonly StatementFormat[],
  onLine?: (count: number) => Promise<void> | void,
): Promise<FirstPass> {
  const reading = new StatementReading();
  const facts = new FactsCollector();
  let format: StatementFormat | undefined;
  let count = 0;
  for await (const row of parser.parse(source, { formats, onHeader: (h) => (format = h.format) })) {
    facts.observe(reading.accept(row));
    if (row.kind === 'line' && onLine) await onLine(++count);
  }
  const { size: _size, sha256: _sha, ...rest } = facts.finish(format?.id ?? '', reading.notes, 0, '');
  return { ...rest, ...(format?.bankBin ? { bankBin: format.bankBin } : {}) };
}

const digits = (s: string) => s.replace(/\D/g, '');
const describe = (a: BankAccount) => `${a.accountNumber} (${a.bankName})`;

/**
 * Which of the fund's accounts a file is: the one it names (and it must name one of them), or
 * the one the clerk names, or the fund's only account, or its only account at the layout's bank.
 */
export function resolveAccount(fund: Fund, file: { accountNumber?: string; bankBin?: string }, requested?: string): string {
  const accounts = fundAccounts(fund);
  const list = accounts.map(describe).join(', ');
  if (file.accountNumber) {
    const named = accounts.find((a) => digits(a.accountNumber) === file.accountNumber);
    if (!named) {
      throw new UnprocessableError(
        `Sao kê của tài khoản ${file.accountNumber}, không phải tài khoản của quỹ ${fund.fundId} (${list}) / The file is the statement of account ${file.accountNumber}, not of fund ${fund.fundId}'s account ${list}`,
        [{ path: 'file', message: `the file names account ${file.accountNumber}; fund ${fund.fundId}'s accounts: ${list}` }],
      );
    }
    if (requested && digits(requested) !== file.accountNumber) {
      throw new UnprocessableError(`The file is the statement of account ${file.accountNumber}, not of account ${requested}`, [
        { path: 'query.accountNumber', message: `the file names account ${file.accountNumber}, not ${requested}` },
      ]);
    }
    return accountKey(named);
  }
  if (requested) {
    const named = accounts.find((a) => digits(a.accountNumber) === digits(requested));
    if (!named) throw new UnprocessableError(`Account ${requested} is not fund ${fund.fundId}'s`, [{ path: 'query.accountNumber', message: `not one of fund ${fund.fundId}'s accounts: ${list}` }]);
    return accountKey(named);
  }
  if (accounts.length === 1) return accountKey(accounts[0]!);
  const atBank = accounts.filter((a) => a.bankBin === file.bankBin);
  if (atBank.length === 1) return accountKey(atBank[0]!);
  throw new UnprocessableError(`The file does not say which of fund ${fund.fundId}'s accounts it is`, [
    { path: 'query.accountNumber', message: `name the account: one of ${list}` },
  ]);
}

async function* hashing(source: AsyncIterable<Uint8Array>, hash: ReturnType<typeof createHash>, size: { bytes: number }): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    hash.update(chunk);
    size.bytes += chunk.length;
    yield chunk;
  }
}

export interface Validated {
  statement: Statement;
  /** The file is a statement and the statement IMPORTING. */
  ok: boolean;
  /** The lease was given up (the statement FAILED). */
  released: boolean;
}

/** Validates a stored file: IMPORTING with the file's facts and account, FAILED saying why, or unchanged while the file has not arrived. */
export async function validateStoredFile(session: ImportSession, statement: Statement): Promise<Validated> {
  const { deps } = session;
  const head = await deps.statementFiles.head(statement.objectKey);
  if (!head) return { statement, ok: false, released: false };
  const fail = async (errors: { path: string; message: string }[]): Promise<Validated> => ({
    statement: await session.save(statement, { set: { status: 'FAILED', failedAt: session.now().toISOString(), errors, linesValidated: 0 }, release: true }),
    ok: false,
    released: true,
  });
  if (head.size > MAX_STATEMENT_BYTES) {
    return fail([{ path: 'file', message: `the file is over the limit: ${head.size} bytes; statements may be at most ${MAX_STATEMENT_BYTES} bytes (100 MB)` }]);
  }
  if (statement.status === 'AWAITING_UPLOAD') statement = await session.save(statement, { set: { status: 'QUEUED', etag: head.etag } });
  const hash = createHash('sha256');
  const size = { bytes: 0 };
  let first: FirstPass;
  let account: string;
  try {
    const [fund, formats] = await Promise.all([deps.funds.get(statement.fundId), savedFormats(deps.statementMappings)]);
    const source = hashing(await deps.statementFiles.read(statement.objectKey, head.etag), hash, size);
    first = await readFile(deps.statementParser, source, formats, async (count) => {
      if (!session.progress.due()) return;
      statement = await session.save(statement, { set: { linesValidated: count, leaseUntil: session.leaseUntil() } });
      session.progress.validating(statement, count);
    });
    account = resolveAccount(fund!, first, statement.requestedAccount);
  } catch (error) {
    if (error instanceof ValidationError || error instanceof UnprocessableError) return fail(error.errors.length ? error.errors : [{ path: 'file', message: error.message }]);
    throw error;
  }
  const { bankBin: _bin, ...facts } = first;
  statement = await session.save(statement, {
    set: {
      status: 'IMPORTING',
      etag: head.etag,
      account,
      facts: { ...facts, size: size.bytes, sha256: hash.digest('hex') },
      linesValidated: facts.lineCount,
      validatedAt: session.now().toISOString(),
      leaseUntil: session.leaseUntil(),
    },
  });
  session.progress.validated(statement, facts.lineCount, facts.format);
  return { statement, ok: true, released: false };
}
