/**
 * What the statement import asks of a file parser: every row of a bank statement, classified
 * (title, header, transaction line, damaged line, totals, blank), in file order, streamed as the
 * bytes arrive. A file that is not a statement at all fails with a ValidationError naming why
 * and where; a failing source stream (network, S3) fails with its own error.
 */
import type { RowReaderOptions } from '../../domain/statements/row-reader';
import type { StatementRow } from '../../domain/statements/types';
import type { Cell } from '../../domain/statements/values';

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
  parse(source: StatementSource, options?: ParseOptions): AsyncIterable<StatementRow>;
  /** The first rows' cells as text, for a clerk mapping an unknown layout (no header needed). */
  preview(source: StatementSource, rows: number): Promise<Cell[][]>;
}
