/**
 * Bank statement files (CSV, XLSX) read into statement lines, streamed. The row-to-line rules
 * are the domain's (shared/domain/statements/row-reader.ts); this adapter handles the bytes.
 */
export type { Direction, StatementLine, StatementRow } from '../../domain/statements/types';
export type { HeaderInfo, ParseOptions, StatementParser, StatementSource } from '../../usecases/ports/statement-parser';
export { parseStatementCsv } from './csv-reader';
export { statementParser } from './on-demand';
export { parseStatement } from './parse-statement';
export { previewStatement } from './preview';
export { looksLikeXlsx } from './sniff';
export { parseStatementXlsx, type XlsxOptions } from './xlsx-reader';
