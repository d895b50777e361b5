/**
 * Bank statement parsing, streamed: lines come out of an async generator as the bytes come in,
 * so a 200,000-line statement is read with flat memory and the caller can write in batches and
 * report progress. CSV goes through csv-parse's streaming parser, XLSX through exceljs's
 * streaming WorkbookReader; both feed the same row reader, so both yield the same lines.
 *
 * Every problem with the input surfaces as a ValidationError whose `errors[].path` names the
 * row (as a spreadsheet numbers it: the header is usually row 1) and the column, so a clerk can
 * find it. Only a failing source stream (network, S3) is rethrown as it is: that is not the
 * file's fault.
 */
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { type FieldError, ValidationError } from '../../errors';
import { BUILT_IN_FORMATS, type Field, type HeaderAttempt, type ResolvedFormat, type StatementFormat, detectFormat } from './formats';
import type { Direction, StatementLine } from './types';
import { type Cell, bookedAt, cellText, isBlank, parseAmount, parseDateTime, parseTime } from './values';

export type { StatementLine, Direction } from './types';

type Chunk = Uint8Array | string;
/** A Node Readable, any (async) iterable of byte chunks, or a whole body. */
export type StatementSource = AsyncIterable<Chunk> | Iterable<Chunk> | Uint8Array | string;

export interface HeaderInfo {
  format: StatementFormat;
  /** The row the header was found on (rows above it are the bank's preamble). */
  row: number;
  header: string[];
}

export interface ParseOptions {
  /** Saved column mappings for this account (see `customFormat`), tried before the built-in formats. */
  formats?: readonly StatementFormat[];
  /** Called once, when the header row has been recognised. */
  onHeader?: (info: HeaderInfo) => void;
  /** CSV only. Guessed from the first line when omitted. */
  delimiter?: ',' | ';' | '\t';
}

// Banks put a title, the account and the period above the header; twenty rows covers them.
const MAX_PREAMBLE_ROWS = 20;
// A real row is well under 1 KB; a row this long is an unclosed quote swallowing the file.
const MAX_RECORD_CHARS = 65_536;
const SNIFF_BYTES = 4096;
// Control characters and U+FFFD (what invalid UTF-8 decodes to) do not occur in real statements.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const UTF16LE_BOM = Buffer.from([0xff, 0xfe]);

function invalid(path: string, message: string, title = 'The statement file cannot be read'): ValidationError {
  return new ValidationError(title, [{ path, message }]);
}

/** Marks an error raised by the source stream itself, so it is not mistaken for a bad file. */
class SourceError extends Error {
  constructor(readonly original: unknown) {
    super('source stream failed');
  }
}

async function* bytes(source: StatementSource): AsyncGenerator<Buffer> {
  if (source === null || (typeof source !== 'object' && typeof source !== 'string')) {
    throw invalid('row 1', 'the upload is not a byte stream');
  }
  if (typeof source === 'string') {
    yield Buffer.from(source, 'utf8');
    return;
  }
  if (source instanceof Uint8Array) {
    yield Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    return;
  }
  let iterator: Iterator<Chunk> | AsyncIterator<Chunk>;
  if (Symbol.asyncIterator in source) iterator = source[Symbol.asyncIterator]();
  else if (Symbol.iterator in source) iterator = source[Symbol.iterator]();
  else throw invalid('row 1', 'the upload is not a byte stream');
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<Chunk>;
      try {
        next = await iterator.next();
      } catch (error) {
        finished = true;
        throw new SourceError(error);
      }
      if (next.done) {
        finished = true;
        return;
      }
      const chunk: unknown = next.value;
      if (typeof chunk === 'string') yield Buffer.from(chunk, 'utf8');
      else if (chunk instanceof Uint8Array) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      else throw invalid('row 1', 'the upload is not a byte stream');
    }
  } finally {
    // Stopping early (a bad row, a consumer that breaks off) must release the source: close the file or socket.
    if (!finished) await iterator.return?.();
  }
}

/** Reads just enough to recognise the file type, then hands back a stream that still starts at byte 0. */
async function sniff(source: StatementSource): Promise<{ head: Buffer; stream: AsyncGenerator<Buffer> }> {
  const iterator = bytes(source);
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    taken.push(next.value);
    size += next.value.length;
  }
  const head = taken.length === 1 ? taken[0]! : Buffer.concat(taken);
  async function* stream(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (!done) yield* iterator;
  }
  return { head, stream: stream() };
}

const startsWith = (head: Buffer, magic: Buffer) => head.length >= magic.length && head.subarray(0, magic.length).equals(magic);

export function looksLikeXlsx(head: Uint8Array): boolean {
  return startsWith(Buffer.from(head.buffer, head.byteOffset, head.byteLength), ZIP);
}

function checkTextHead(head: Buffer): void {
  if (head.length === 0) throw invalid('row 1', 'the file is empty (0 bytes)');
  if (startsWith(head, ZIP)) throw invalid('row 1', 'this is an XLSX (zip) file, not CSV text');
  if (startsWith(head, OLE2)) throw invalid('row 1', 'this is an old Excel .xls file; save it as XLSX or CSV');
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') throw invalid('row 1', 'this is a PDF, not a CSV statement');
  if (!startsWith(head, UTF16LE_BOM) && head.subarray(0, SNIFF_BYTES).includes(0)) {
    throw invalid('row 1', 'the file holds binary data, not CSV text');
  }
}

function countOutsideQuotes(line: string, char: string): number {
  let count = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === char && !quoted) count++;
  }
  return count;
}

/** Excel in a European or Vietnamese locale saves CSV with `;`; some banks export tab-separated text. */
function guessDelimiter(head: Buffer): ',' | ';' | '\t' {
  const text = startsWith(head, UTF16LE_BOM)
    ? head.subarray(2).toString('utf16le')
    : head.subarray(startsWith(head, UTF8_BOM) ? 3 : 0).toString('utf8');
  for (const line of text.split(/\r?\n/).slice(0, MAX_PREAMBLE_ROWS)) {
    const counts = ([',', ';', '\t'] as const).map((d) => [d, countOutsideQuotes(line, d)] as const);
    const [best, n] = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
    if (n > 0) return best;
  }
  return ',';
}

/**
 * Turns rows (from either file type) into statement lines: finds the header, then reads each
 * row through the format's column mapping.
 */
class RowReader {
  private resolved: ResolvedFormat | undefined;
  private best: { attempt: HeaderAttempt; row: number } | undefined;
  private firstRow: number | undefined;
  private scanned = 0;
  private lineNo = 0;

  constructor(private readonly options: ParseOptions) {}

  accept(row: number, cells: readonly Cell[]): StatementLine | null {
    if (cells.every(isBlank)) return null;
    this.rejectBinary(row, cells);
    if (!this.resolved) {
      this.detect(row, cells);
      return null;
    }
    return this.read(row, cells);
  }

  finish(): void {
    if (!this.resolved) throw this.headerError();
  }

  /**
   * When csv-parse fails it drops the records it had not yet handed over, the header among
   * them; re-detecting it from the records it did see lets the error name the column.
   */
  learnHeader(records: readonly (readonly Cell[])[]): void {
    for (const record of records) {
      if (this.resolved) return;
      const result = detectFormat(record, this.options.formats);
      if ('resolved' in result) this.resolved = result.resolved;
    }
  }

  columnLabel(index: number): string {
    const name = this.resolved?.header[index];
    return name ? `"${name}"` : String(index + 1);
  }

  private rejectBinary(row: number, cells: readonly Cell[]): void {
    const index = cells.findIndex((cell) => typeof cell === 'string' && BINARY.test(cell));
    if (index >= 0) {
      throw invalid(`row ${row}, column ${this.columnLabel(index)}`, 'holds binary data or text that is not UTF-8');
    }
  }

  private detect(row: number, cells: readonly Cell[]): void {
    this.firstRow ??= row;
    const result = detectFormat(cells, this.options.formats);
    if ('resolved' in result) {
      this.resolved = result.resolved;
      this.options.onHeader?.({ format: result.resolved.format, row, header: result.resolved.header });
      return;
    }
    if (result.best && (!this.best || result.best.found > this.best.attempt.found)) {
      this.best = { attempt: result.best, row };
    }
    if (++this.scanned >= MAX_PREAMBLE_ROWS) throw this.headerError();
  }

  private headerError(): ValidationError {
    if (this.firstRow === undefined) {
      return invalid('row 1', 'the file has no rows');
    }
    const best = this.best;
    // Two matching columns is enough to say which layout was meant and name what is missing.
    if (best && best.attempt.found >= 2) {
      return new ValidationError(
        'The statement header is missing columns',
        best.attempt.missing.map((name) => ({
          path: `row ${best.row}, column "${name}"`,
          message: `column "${name}" is missing; the header otherwise looks like ${best.attempt.format.label}`,
        })),
      );
    }
    const known = BUILT_IN_FORMATS.map((f) => f.label).join('; ');
    return invalid(
      `row ${this.firstRow}`,
      `no header of a known statement format in the first ${MAX_PREAMBLE_ROWS} rows (known: ${known}); save a column mapping for this bank`,
      'Unknown statement format',
    );
  }

  private read(row: number, cells: readonly Cell[]): StatementLine {
    const { columns, format, header } = this.resolved!;
    const mapping = format.mapping;
    const at = (field: Field) => `row ${row}, column "${columns[field]!.name}"`;

    const shortOf = Object.values(columns)
      .filter((c) => c.index >= cells.length)
      .sort((a, b) => a.index - b.index)[0];
    if (shortOf) {
      throw invalid(
        `row ${row}, column "${shortOf.name}"`,
        `the row ends before this column (${cells.length} of ${header.length} columns): a truncated or broken row`,
      );
    }
    if (cells.slice(header.length).some((cell) => !isBlank(cell))) {
      throw invalid(
        `row ${row}, column ${header.length + 1}`,
        `the row has more columns than the header's ${header.length} (an unquoted delimiter in a memo?)`,
      );
    }

    const problems: FieldError[] = [];
    const cell = (field: Field): Cell => {
      const column = columns[field];
      return column ? cells[column.index] : undefined;
    };

    const when = parseDateTime(cell('date'), mapping.dateFormat);
    if (!when.ok) problems.push({ path: at('date'), message: when.message });
    let time: string | undefined = when.ok ? when.value.time : undefined;
    if (columns.time && !isBlank(cell('time'))) {
      const t = parseTime(cell('time'));
      if (t.ok) time = t.value;
      else problems.push({ path: at('time'), message: t.message });
    }

    let direction: Direction = 'CREDIT';
    let amount = 0;
    if (columns.amount) {
      const a = parseAmount(cell('amount'), mapping.decimal);
      if (!a.ok) problems.push({ path: at('amount'), message: a.message });
      else if (a.value === 0) problems.push({ path: at('amount'), message: 'is zero' });
      else {
        direction = a.value < 0 ? 'DEBIT' : 'CREDIT';
        amount = Math.abs(a.value);
      }
    } else {
      const side = (field: 'debit' | 'credit'): number | null => {
        if (isBlank(cell(field))) return 0;
        const a = parseAmount(cell(field), mapping.decimal);
        if (a.ok) return a.value;
        problems.push({ path: at(field), message: a.message });
        return null;
      };
      const debit = side('debit');
      const credit = side('credit');
      if (debit !== null && credit !== null) {
        if (credit < 0) {
          problems.push({ path: at('credit'), message: 'is negative; money going out belongs in the debit column' });
        } else if (debit !== 0 && credit !== 0) {
          problems.push({ path: at('debit'), message: `both "${columns.debit!.name}" and "${columns.credit!.name}" hold an amount` });
        } else if (debit === 0 && credit === 0) {
          problems.push({ path: at('credit'), message: `neither "${columns.debit!.name}" nor "${columns.credit!.name}" holds an amount` });
        } else if (debit !== 0) {
          // Some banks print debits with a minus sign in the debit column; the column already says which way.
          direction = 'DEBIT';
          amount = Math.abs(debit);
        } else {
          amount = credit;
        }
      }
    }

    let balance: number | undefined;
    if (columns.balance && !isBlank(cell('balance'))) {
      const b = parseAmount(cell('balance'), mapping.decimal);
      if (b.ok) balance = b.value;
      else problems.push({ path: at('balance'), message: b.message });
    }

    if (problems.length > 0 || !when.ok) {
      throw new ValidationError(`Row ${row} of the statement cannot be read`, problems);
    }

    const line: StatementLine = {
      lineNo: ++this.lineNo,
      bookedAt: bookedAt({ date: when.value.date, time }),
      valueDate: when.value.date,
      direction,
      amount,
      bankRef: cellText(cell('reference')).trim(),
      memo: cellText(cell('memo')).replace(/\r\n?/g, '\n').trim(),
    };
    if (balance !== undefined) line.balance = balance;
    const counterparty = cellText(cell('counterparty')).trim();
    if (counterparty !== '') line.counterparty = counterparty;
    return line;
  }
}

/**
 * The first rows, read again from the sniffed bytes, for an error that lost them (see
 * `learnHeader`). Line by line, so that the very quote that broke the file does not break this.
 */
function headRecords(head: Buffer, delimiter: string, parseSync: CsvParser['parseSync']): string[][] {
  const text = startsWith(head, UTF16LE_BOM) ? head.subarray(2).toString('utf16le') : head.toString('utf8').replace(/^\ufeff/, '');
  return text
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

function failure(error: unknown, row: number, csv?: { reader: RowReader; head: Buffer; delimiter: string; parser: CsvParser }): unknown {
  if (error instanceof ValidationError) return error;
  if (error instanceof SourceError) return error.original;
  if (csv && error instanceof csv.parser.CsvError) {
    csv.reader.learnHeader(headRecords(csv.head, csv.delimiter, csv.parser.parseSync));
    const failedRow = typeof error.records === 'number' ? error.records + 1 : row + 1;
    const column = typeof error.column === 'number' ? `, column ${csv.reader.columnLabel(error.column) ?? error.column + 1}` : '';
    const path = `row ${failedRow}${column}`;
    switch (error.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return invalid(path, 'a quoted field is never closed: the file is truncated or a quote is missing');
      case 'CSV_MAX_RECORD_SIZE':
        return invalid(path, `the row is longer than ${MAX_RECORD_CHARS} characters: an unclosed quote or binary data`);
      default:
        return invalid(path, `malformed CSV: ${error.message}`);
    }
  }
  const message = error instanceof Error ? error.message : String(error);
  return invalid(`row ${row + 1}`, `the file is damaged or not a statement (${message})`, 'The statement file cannot be read');
}

type CsvParser = typeof import('./csv-parse');

/**
 * csv-parse, loaded the first time a CSV file is read, as the XLSX reader below is for a
 * workbook: the functions that import this module but read no file at that invocation
 * (requesting an upload URL, resuming an import the bucket event is running) keep its 31 KB out
 * of their cold start.
 */
let csvParser: Promise<CsvParser> | undefined;

/** Parses a CSV statement. Yields lines as they are read; throws ValidationError on the first bad row. */
export async function* parseStatementCsv(source: StatementSource, options: ParseOptions = {}): AsyncGenerator<StatementLine> {
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
    const stream = sniffed.stream;
    checkTextHead(head);
    delimiter = options.delimiter ?? guessDelimiter(head);
    parser = csv.parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      // Memos carry stray quotes (`ung ho "bao Yagi"`) in unquoted fields; that is not a broken file.
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_CHARS,
    });
    const sink = parser;
    input = Readable.from(stream, { objectMode: false });
    input.on('error', (error) => sink.destroy(error));
    input.pipe(sink);
    for await (const record of sink as AsyncIterable<string[]>) {
      row++;
      const line = reader.accept(row, record);
      if (line) yield line;
    }
    reader.finish();
  } catch (error) {
    throw failure(error, row, { reader, head, delimiter, parser: csv });
  } finally {
    input?.destroy();
    parser?.destroy();
  }
}

function xlsxCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return v.richText.map((part: { text?: unknown }) => String(part?.text ?? '')).join('');
    if ('formula' in v || 'sharedFormula' in v) return xlsxCell(v.result);
    if ('text' in v) return xlsxCell(v.text);
    if ('error' in v) return String(v.error);
  }
  return String(value);
}

/**
 * exceljs's zip reader can wait forever on some damaged files instead of failing (it stops
 * asking for input and no error is ever emitted). While we wait on it, a watchdog fails the
 * parse once neither input bytes nor rows have moved for `stallMs`; time the caller spends
 * between lines does not count.
 */
class StallGuard {
  private lastProgress = Date.now();
  private pending: { since: number; reject: (error: unknown) => void } | undefined;
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly stallMs: number) {
    this.timer = setInterval(() => this.check(), Math.max(10, Math.min(1000, stallMs / 4)));
  }

  progress(): void {
    this.lastProgress = Date.now();
  }

  wait<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending = { since: Date.now(), reject };
      promise.then(
        (value) => {
          this.pending = undefined;
          this.progress();
          resolve(value);
        },
        (error: unknown) => {
          this.pending = undefined;
          reject(error);
        },
      );
    });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private check(): void {
    const pending = this.pending;
    if (pending && Date.now() - Math.max(pending.since, this.lastProgress) > this.stallMs) {
      this.pending = undefined;
      pending.reject(new Error('the workbook stopped making progress'));
    }
  }
}

export interface XlsxOptions extends ParseOptions {
  /** How long exceljs may sit without reading input or producing a row before the file counts as damaged. */
  stallMs?: number;
}

type WorkbookReaderClass = typeof ExcelJS.stream.xlsx.WorkbookReader;

/**
 * exceljs's streaming reader alone (not the package's entry, which brings the writers too),
 * loaded the first time a workbook arrives. Most statements are CSV, and every other function
 * that imports this module (the import job, the upload route) would otherwise load and
 * initialise a megabyte of zip and XML code at each cold start; bundled, it becomes a chunk of
 * its own that only an XLSX file pulls in.
 */
let workbookReader: Promise<WorkbookReaderClass> | undefined;
function loadWorkbookReader(): Promise<WorkbookReaderClass> {
  workbookReader ??= import('exceljs/lib/stream/xlsx/workbook-reader.js').then((module) => module.default);
  return workbookReader;
}

/** Parses the first worksheet of an XLSX statement, streaming, into the same lines as the CSV path. */
export async function* parseStatementXlsx(source: StatementSource, options: XlsxOptions = {}): AsyncGenerator<StatementLine> {
  const reader = new RowReader(options);
  let row = 0;
  let input: Readable | undefined;
  const guard = new StallGuard(options.stallMs ?? 10_000);
  try {
    const { head, stream } = await sniff(source);
    if (head.length === 0) throw invalid('row 1', 'the file is empty (0 bytes)');
    if (!startsWith(head, ZIP)) throw invalid('row 1', 'this is not an XLSX workbook');
    async function* watched(): AsyncGenerator<Buffer> {
      for await (const chunk of stream) {
        guard.progress();
        yield chunk;
      }
    }
    input = Readable.from(watched(), { objectMode: false });
    const WorkbookReader = await loadWorkbookReader();
    const workbook = new WorkbookReader(input, {
      worksheets: 'emit',
      // Shared strings must be held to resolve cells; styles tell dates from plain numbers.
      sharedStrings: 'cache',
      styles: 'cache',
      hyperlinks: 'ignore',
      entries: 'ignore',
    });
    // The statement is the first sheet; later sheets are summaries or notes and are not read.
    const sheet = await guard.wait(workbook[Symbol.asyncIterator]().next());
    if (!sheet.done) {
      const rows = sheet.value[Symbol.asyncIterator]();
      for (;;) {
        const next = await guard.wait(rows.next());
        if (next.done) break;
        row = next.value.number;
        const values = next.value.values;
        const line = reader.accept(row, Array.from(Array.isArray(values) ? values.slice(1) : [], xlsxCell));
        if (line) yield line;
      }
    }
    reader.finish();
  } catch (error) {
    throw failure(error, row);
  } finally {
    guard.stop();
    input?.destroy();
  }
}

/** Picks the CSV or XLSX path from the file's first bytes, whatever its name or content type claims. */
export async function* parseStatement(source: StatementSource, options: XlsxOptions = {}): AsyncGenerator<StatementLine> {
  let sniffed: { head: Buffer; stream: AsyncGenerator<Buffer> };
  try {
    sniffed = await sniff(source);
  } catch (error) {
    throw failure(error, 0);
  }
  yield* startsWith(sniffed.head, ZIP) ? parseStatementXlsx(sniffed.stream, options) : parseStatementCsv(sniffed.stream, options);
}
