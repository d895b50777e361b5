/**
 * The parser as the statement import's port sees it. The readers, the row reader and the formats
 * are loaded with the first file a container reads, as the CSV and XLSX libraries already are: a
 * cold start that reads no file carries none of them.
 */
import type { StatementParser } from '../../usecases/ports/statement-parser';

export const statementParser: StatementParser = {
  async *parse(source, options) {
    const { parseStatement } = await import('./parse-statement');
    yield* parseStatement(source, options);
  },
  async preview(source, rows) {
    const { previewStatement } = await import('./preview');
    return previewStatement(source, rows);
  },
};
