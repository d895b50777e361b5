/**
 * The statement parser's entry: picks the CSV or XLSX reader from the file's first bytes,
 * whatever its name or content type claims. Both readers stream and yield the same rows;
 * each loads its parsing library on demand, the first time a file of its kind arrives.
 */
import type { StatementRow } from '../../domain/statements/types';
import type { StatementSource } from '../../usecases/ports/statement-parser';
import { parseStatementCsv } from './csv-reader';
import { readFailure } from './failure';
import { isZip, sniff, type Sniffed } from './sniff';
import { parseStatementXlsx, type XlsxOptions } from './xlsx-reader';

export async function* parseStatement(source: StatementSource, options: XlsxOptions = {}): AsyncGenerator<StatementRow> {
  let sniffed: Sniffed;
  try {
    sniffed = await sniff(source);
  } catch (error) {
    throw readFailure(error, 0);
  }
  yield* isZip(sniffed.head) ? parseStatementXlsx(sniffed.stream, options) : parseStatementCsv(sniffed.stream, options);
}
