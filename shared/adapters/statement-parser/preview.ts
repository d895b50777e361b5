/**
 * The first rows of a file as cells, whatever its layout: what a clerk sees when mapping a bank
 * export the importer does not know (DESIGN §9.6). The same sniffing and readers as the import;
 * nothing is matched against a format, and reading stops after the rows asked for.
 */
import { Readable } from 'node:stream';
import { cellText, type Cell } from '../../domain/statements/values';
import { UPLOAD_LIMITS } from '../../domain/uploads';
import type { StatementSource } from '../../usecases/ports/statement-parser';
import { guessDelimiter } from './delimiter';
import { readFailure } from './failure';
import { checkTextHead, headText, isZip, sniff } from './sniff';
import { xlsxRows } from './xlsx-reader';

const MAX_CELL = 200;
const trimmed = (cells: readonly Cell[]) => cells.map((cell) => cellText(cell).replace(/\s+/g, ' ').trim().slice(0, MAX_CELL));

export async function previewStatement(source: StatementSource, rows: number): Promise<Cell[][]> {
  const out: Cell[][] = [];
  try {
    const { head, stream } = await sniff(source);
    if (isZip(head)) {
      for await (const { cells } of xlsxRows(stream, {})) {
        out.push(trimmed(cells));
        if (out.length >= rows) break;
      }
      return out;
    }
    checkTextHead(head);
    const { parse } = await import('./csv-parse');
    const parser = parse({ bom: true, delimiter: guessDelimiter(headText(head)), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: UPLOAD_LIMITS.csvLineChars });
    const input = Readable.from(stream, { objectMode: false });
    input.on('error', (error) => parser.destroy(error));
    input.pipe(parser);
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        out.push(trimmed(record));
        if (out.length >= rows) break;
      }
    } catch (error) {
      // What was read before a broken record is still worth showing.
      if (out.length === 0) throw error;
    } finally {
      input.destroy();
      parser.destroy();
    }
    return out;
  } catch (error) {
    throw readFailure(error, out.length);
  }
}
