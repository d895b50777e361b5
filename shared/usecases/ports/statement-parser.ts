/**
 * What the statement import asks of a file parser: the lines of a bank statement, in file
 * order, streamed as the bytes arrive. A file that cannot be read fails with a ValidationError
 * naming its row and column; a failing source stream (network, S3) fails with its own error.
 */
import type { RowReaderOptions } from '../../domain/statements/row-reader';
import type { StatementLine } from '../../domain/statements/types';

export type { HeaderInfo } from '../../domain/statements/row-reader';

export type StatementChunk = Uint8Array | string;

/** A Node Readable, any (async) iterable of byte chunks, or a whole body. */
export type StatementSource = AsyncIterable<StatementChunk> | Iterable<StatementChunk> | Uint8Array | string;

export interface ParseOptions extends RowReaderOptions {
  /** CSV only. Guessed from the first line when omitted. */
  delimiter?: ',' | ';' | '\t';
}

export interface StatementParser {
  /** CSV or XLSX, told apart by the first bytes, whatever the file's name or content type claims. */
  parse(source: StatementSource, options?: ParseOptions): AsyncIterable<StatementLine>;
}
