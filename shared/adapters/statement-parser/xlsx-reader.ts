/**
 * XLSX statements, read through exceljs's streaming WorkbookReader: the first worksheet's rows
 * become the same lines the CSV reader yields for the same statement. The workbook's compressed
 * bytes are held (at most `xlsxBytes`) so that its zip can be checked against the upload limits
 * before exceljs inflates any of it (`zip-guard.ts`); the rows still stream.
 */
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { statementFileError } from '../../domain/statements/file-error';
import { overLimit, UPLOAD_LIMITS } from '../../domain/uploads';
import { RowReader } from '../../domain/statements/row-reader';
import type { StatementRow } from '../../domain/statements/types';
import type { Cell } from '../../domain/statements/values';
import type { ParseOptions, StatementSource } from '../../usecases/ports/statement-parser';
import { readFailure } from './failure';
import { isZip, sniff } from './sniff';
import { StallGuard } from './stall-guard';
import { checkWorkbookZip } from './zip-guard';

export interface XlsxOptions extends ParseOptions {
  /** How long exceljs may sit without reading input or producing a row before the file counts as damaged. */
  stallMs?: number;
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

type WorkbookReaderClass = typeof ExcelJS.stream.xlsx.WorkbookReader;

/**
 * exceljs's streaming reader alone (not the package's entry, which brings the writers too),
 * loaded the first time a workbook arrives. Most statements are CSV, and every function that
 * imports the parser (the import job, the upload route) would otherwise load and initialise a
 * megabyte of zip and XML code at each cold start; bundled, it becomes a chunk of its own that
 * only an XLSX file pulls in.
 */
let workbookReader: Promise<WorkbookReaderClass> | undefined;
function loadWorkbookReader(): Promise<WorkbookReaderClass> {
  workbookReader ??= import('exceljs/lib/stream/xlsx/workbook-reader.js').then((module) => module.default);
  return workbookReader;
}

/** The first worksheet's rows, streamed, each with its number and cells (blank rows between are left out, as the workbook leaves them out). */
/** The workbook's bytes, refused once they pass `xlsxBytes`. */
async function workbookBytes(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > UPLOAD_LIMITS.xlsxBytes) throw overLimit('xlsxBytes', 'file', `the workbook is over ${UPLOAD_LIMITS.xlsxBytes} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

const FEED_CHUNK = 64 * 1024;

/** A row's cells, refused when a text is longer than `cellChars` (Excel's own limit is 32,767). */
function checkedCells(row: number, cells: Cell[]): Cell[] {
  const long = cells.findIndex((cell) => typeof cell === 'string' && cell.length > UPLOAD_LIMITS.cellChars);
  if (long >= 0) throw overLimit('cellChars', `row ${row}, column ${long + 1}`, `the cell holds ${(cells[long] as string).length} characters`);
  return cells;
}

export async function* xlsxRows(stream: AsyncIterable<Buffer>, options: { stallMs?: number }): AsyncGenerator<{ number: number; cells: Cell[] }> {
  let input: Readable | undefined;
  const zip = await workbookBytes(stream);
  await checkWorkbookZip(zip);
  const guard = new StallGuard(options.stallMs ?? 10_000);
  try {
    function* watched(): Generator<Buffer> {
      for (let at = 0; at < zip.length; at += FEED_CHUNK) {
        guard.progress();
        yield zip.subarray(at, at + FEED_CHUNK);
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
    if (sheet.done) return;
    const rows = sheet.value[Symbol.asyncIterator]();
    for (;;) {
      const next = await guard.wait(rows.next());
      if (next.done) break;
      const { number, values } = next.value;
      if (number > UPLOAD_LIMITS.xlsxRows) throw overLimit('xlsxRows', `row ${number}`, `the sheet has a row ${number}`);
      yield { number, cells: checkedCells(number, Array.from(Array.isArray(values) ? values.slice(1) : [], xlsxCell)) };
    }
  } finally {
    guard.stop();
    input?.destroy();
  }
}

/** Parses the first worksheet of an XLSX statement, streaming, into the same rows as the CSV path. */
export async function* parseStatementXlsx(source: StatementSource, options: XlsxOptions = {}): AsyncGenerator<StatementRow> {
  const reader = new RowReader(options);
  let row = 0;
  try {
    const { head, stream } = await sniff(source);
    if (head.length === 0) throw statementFileError('row 1', 'the file is empty (0 bytes)');
    if (!isZip(head)) throw statementFileError('row 1', 'this is not an XLSX workbook');
    for await (const next of xlsxRows(stream, options)) {
      // A workbook leaves out empty rows: the rows between are blank rows of the sheet.
      for (let blank = row + 1; blank < next.number; blank++) yield reader.accept(blank, []);
      row = next.number;
      // A workbook leaves out a row's empty cells at its end; they are empty cells, not a cut row.
      const width = reader.width ?? 0;
      const cells = next.cells.length < width ? [...next.cells, ...new Array<null>(width - next.cells.length).fill(null)] : next.cells;
      yield reader.accept(row, cells);
    }
    reader.finish();
  } catch (error) {
    throw readFailure(error, row);
  }
}
