/**
 * CSV statements, streamed through csv-parse: rows come out as the bytes come in, so a
 * 200,000-line file is read with flat memory. The delimiter is guessed from the first lines
 * unless the caller names it. A record that breaks off after the header (an unclosed quote, a
 * runaway row: a truncated file) is the file's last row, a damaged line naming its row; before
 * the header it is a ValidationError naming its row and, when known, its column.
 */
import { Readable, type Transform } from 'node:stream';
import { statementFileError } from '../../domain/statements/file-error';
import { overLimit, UPLOAD_LIMITS } from '../../domain/uploads';
import { MAX_PREAMBLE_ROWS, RowReader } from '../../domain/statements/row-reader';
import type { StatementRow } from '../../domain/statements/types';
import type { ParseOptions, StatementSource } from '../../usecases/ports/statement-parser';
import { guessDelimiter } from './delimiter';
import { readFailure } from './failure';
import { checkTextHead, headText, sniff } from './sniff';

// A real row is well under 1 KB; a row this long is an unclosed quote swallowing the file, or binary data.
const MAX_RECORD_CHARS = UPLOAD_LIMITS.csvLineChars;

type CsvParser = typeof import('./csv-parse');

/**
 * csv-parse, loaded the first time a CSV file is read, as the XLSX reader is for a workbook:
 * the functions that import the parser but read no file at that invocation (requesting an
 * upload URL, resuming an import the bucket event is running) keep its 31 KB out of their cold
 * start.
 */
let csvParser: Promise<CsvParser> | undefined;

/**
 * The first rows, read again from the sniffed bytes, for an error that lost them (see
 * `RowReader.learnHeader`). Line by line, so that the very quote that broke the file does not break this.
 */
function headRecords(head: Buffer, delimiter: string, parseSync: CsvParser['parseSync']): string[][] {
  return headText(head)
    .split(/\r?\n/)
    .slice(0, MAX_PREAMBLE_ROWS)
    .flatMap((line) => {
      try {
        return parseSync(line, { delimiter, relax_column_count: true, relax_quotes: true }) as string[][];
      } catch {
        return [];
      }
    });
}

interface CsvState {
  reader: RowReader;
  head: Buffer;
  delimiter: string;
  parser: CsvParser;
}

/** csv-parse's errors as the row (and column) a clerk can find; anything else as `readFailure` says. */
function csvFailure(error: unknown, row: number, csv: CsvState): unknown {
  if (!(error instanceof csv.parser.CsvError)) return readFailure(error, row);
  csv.reader.learnHeader(headRecords(csv.head, csv.delimiter, csv.parser.parseSync));
  const failedRow = typeof error.records === 'number' ? error.records + 1 : row + 1;
  const column = typeof error.column === 'number' ? `, column ${csv.reader.columnLabel(error.column)}` : '';
  const path = `row ${failedRow}${column}`;
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return statementFileError(path, 'a quoted field is never closed: the file is truncated or a quote is missing');
    case 'CSV_MAX_RECORD_SIZE':
      return overLimit('csvLineChars', path, `the row is longer than ${MAX_RECORD_CHARS} characters: an unclosed quote swallows the rest of the file, or it is binary data`);
    default:
      return statementFileError(path, `malformed CSV: ${error.message}`);
  }
}

/**
 * The parser's records in order, and its error only after every record it produced before it:
 * a stream's async iterator drops what it buffered when the stream fails, and a truncated file's
 * rows before its cut are whole rows.
 */
async function* recordsOf(parser: Transform): AsyncGenerator<string[]> {
  const queue: string[][] = [];
  let head = 0;
  let failure: { error: unknown } | undefined;
  let ended = false;
  let wake: (() => void) | undefined;
  parser.on('data', (record: string[]) => {
    queue.push(record);
    if (queue.length - head > 1000) parser.pause();
    wake?.();
  });
  parser.on('error', (error: unknown) => {
    failure = { error };
    wake?.();
  });
  parser.on('end', () => {
    ended = true;
    wake?.();
  });
  for (;;) {
    if (head < queue.length) {
      const record = queue[head]!;
      queue[head++] = [];
      if (head > 4096) {
        queue.splice(0, head);
        head = 0;
      }
      if (queue.length - head < 100) parser.resume();
      yield record;
      continue;
    }
    if (failure) throw failure.error;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
}

/** csv-parse's records, with the options every statement CSV is read with. */
function csvOptions(delimiter: string) {
  return {
    bom: true,
    delimiter,
    relax_column_count: true,
    // Memos carry stray quotes (`ung ho "bao Yagi"`) in unquoted fields; that is not a broken file.
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  };
}

/** Parses a CSV statement. Yields every row, classified, as it is read; throws ValidationError when the file is not a statement. */
export async function* parseStatementCsv(source: StatementSource, options: ParseOptions = {}): AsyncGenerator<StatementRow> {
  // Outside the try: code that fails to load is not the file's fault.
  const csv = await (csvParser ??= import('./csv-parse'));
  const reader = new RowReader(options);
  let row = 0;
  let input: Readable | undefined;
  let parser: ReturnType<CsvParser['parse']> | undefined;
  let head: Buffer = Buffer.alloc(0);
  let delimiter = options.delimiter ?? ',';
  try {
    const sniffed = await sniff(source);
    head = sniffed.head;
    checkTextHead(head);
    delimiter = options.delimiter ?? guessDelimiter(headText(head));
    parser = csv.parse(csvOptions(delimiter));
    const sink = parser;
    input = Readable.from(sniffed.stream, { objectMode: false });
    input.on('error', (error) => sink.destroy(error));
    input.pipe(sink);
    try {
      for await (const record of recordsOf(sink)) {
        row++;
        yield reader.accept(row, record);
      }
    } catch (error) {
      // A truncated file: its last row is cut off, the rows before it are whole. (A quote that
      // swallows more than a row's worth of the file is not that: the file is refused, below.)
      if (!(error instanceof csv.CsvError && error.code === 'CSV_QUOTE_NOT_CLOSED' && reader.inBody)) throw error;
      const lines = typeof error.lines === 'number' ? ` (to line ${error.lines} of the file)` : '';
      yield { kind: 'line', line: reader.cutOffLine(row + 1, `a quoted field opened on this row is never closed: the file is cut off here, or a quote is missing and the rest of the file${lines} is held with this row`) };
    }
    reader.finish();
  } catch (error) {
    throw csvFailure(error, row, { reader, head, delimiter, parser: csv });
  } finally {
    input?.destroy();
    parser?.destroy();
  }
}
