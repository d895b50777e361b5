/**
 * The first pass over a statement: the whole file parsed, nothing written but progress. A file is
 * parsed whole before any line of it is committed, because the parser streams lines out before a
 * later row can fail: a malformed file is a 400 naming row and column (small files, in the upload
 * request) or a FAILED statement carrying the same errors (large files), and no line is written.
 */
import { createHash } from 'node:crypto';
import type { StatementParser, StatementSource } from '../ports';
import { FactsCollector, type FileFacts, type Statement } from '../../domain/statements/statement';
import { ValidationError } from '../../errors';
import type { ImportSession } from './session';

/** The largest statement, uploaded with a presigned PUT (the body route takes up to 4 MB: see shared/routes.ts). */
export const MAX_STATEMENT_BYTES = 100 * 1024 * 1024;

/**
 * Parses a whole file and writes nothing: the file's facts, or the ValidationError of its first
 * bad row (its `errors[].path` names row and column as a spreadsheet numbers them).
 */
export async function validateFile(
  parser: StatementParser,
  source: StatementSource,
  onLine?: (count: number) => Promise<void> | void): Promise<Omit<FileFacts, 'size' | 'sha256'>> {
  const facts = new FactsCollector();
  let format = '';
  let count = 0;
  for await (const line of parser.parse(source, { onHeader: (h) => (format = h.format.id) })) {
    facts.observe(line);
    count++;
    if (onLine) await onLine(count);
  }
  const { size: _size, sha256: _sha, ...rest } = facts.result(format, 0, '');
  return rest;
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
  /** The file is valid and the statement IMPORTING. */
  ok: boolean;
  /** The lease was given up (the statement FAILED). */
  released: boolean;
}

/** Validates a stored file: IMPORTING with the file's facts, FAILED with its errors, or unchanged while the file has not arrived. */
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
    return fail([{ path: 'file', message: `the file is ${head.size} bytes; statements may be at most ${MAX_STATEMENT_BYTES} bytes (100 MB)` }]);
  }
  if (statement.status === 'AWAITING_UPLOAD') statement = await session.save(statement, { set: { status: 'QUEUED', etag: head.etag } });
  const hash = createHash('sha256');
  const size = { bytes: 0 };
  let facts: Omit<FileFacts, 'size' | 'sha256'>;
  try {
    const source = hashing(await deps.statementFiles.read(statement.objectKey, head.etag), hash, size);
    facts = await validateFile(deps.statementParser, source, async (count) => {
      if (!session.progress.due()) return;
      statement = await session.save(statement, { set: { linesValidated: count, leaseUntil: session.leaseUntil() } });
      session.progress.validating(statement, count);
    });
  } catch (error) {
    if (error instanceof ValidationError) return fail(error.errors.length ? error.errors : [{ path: 'row 1', message: error.message }]);
    throw error;
  }
  statement = await session.save(statement, {
    set: {
      status: 'IMPORTING',
      etag: head.etag,
      facts: { ...facts, size: size.bytes, sha256: hash.digest('hex') },
      linesValidated: facts.lineCount,
      validatedAt: session.now().toISOString(),
      leaseUntil: session.leaseUntil(),
    },
  });
  session.progress.validated(statement, facts.lineCount, facts.format);
  return { statement, ok: true, released: false };
}
