/**
 * XLSX statements, streamed through exceljs's WorkbookReader: the first worksheet's rows become
 * the same lines the CSV reader yields for the same statement.
 */
import { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { statementFileError } from '../../domain/statements/file-error';
import { RowReader } from '../../domain/statements/row-reader';
import type { StatementRow } from '../../domain/statements/types';
import type { Cell } from '../../domain/statements/values';
import type { ParseOptions, StatementSource } from '../../usecases/ports/statement-parser';
import { readFailure } from './failure';
import { isZip, sniff } from './sniff';
import { StallGuard } from './stall-guard';

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
export async function* xlsxRows(stream: AsyncIterable<Buffer>, options: { stallMs?: number }): AsyncGenerator<{ number: number; cells: Cell[] }> {
  let input: Readable | undefined;
  const guard = new StallGuard(options.stallMs ?? 10_000);
  try {
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
    if (sheet.done) return;
    const rows = sheet.value[Symbol.asyncIterator]();
    for (;;) {
      const next = await guard.wait(rows.next());
      if (next.done) break;
      const values = next.value.values;
      yield { number: next.value.number, cells: Array.from(Array.isArray(values) ? values.slice(1) : [], xlsxCell) };
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
