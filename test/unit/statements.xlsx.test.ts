import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import {
  type StatementLine,
  type StatementSource,
  type XlsxOptions,
  parseStatement,
  parseStatementXlsx,
} from '../../shared/adapters/statement-parser';

const dir = fileURLToPath(new URL('../fixtures/statements/', import.meta.url));

/** The lines that read whole (rows that did not are damaged lines: see `damagedPaths`). */
async function collect(source: StatementSource, options?: XlsxOptions): Promise<StatementLine[]> {
  const lines: StatementLine[] = [];
  for await (const row of parseStatement(source, options)) if (row.kind === 'line' && !row.line.damage) lines.push(row.line as StatementLine);
  return lines;
}

async function damagedPaths(source: StatementSource): Promise<string[]> {
  const paths: string[] = [];
  for await (const row of parseStatement(source)) if (row.kind === 'line' && row.line.damage) paths.push(...row.line.damage.problems.map((p) => p.path));
  return paths;
}

/** The same lines, wherever the bank's title rows put them on the sheet. */
const unplaced = (lines: StatementLine[]) => lines.map(({ row: _row, ...rest }) => rest);

async function failure(source: StatementSource, options?: XlsxOptions): Promise<ValidationError> {
  try {
    await collect(source, options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the workbook to be rejected');
}

const VTB_HEADER = [
  'PageId',
  'Date',
  'Time',
  'DocumentNumber',
  'ReferenceNumber',
  'TransactionDetails',
  'DebitAmount',
  'CreditAmount',
  'Balance',
  'OffsetAccount',
];

/** The vietinbank sample as a workbook, with cells typed the way banks' exports type them. */
async function vietinbankWorkbook(rows: string[][], options: { typed: boolean; preamble?: boolean; streamingWriter?: boolean }): Promise<Buffer> {
  const toCell = (value: string, column: number): ExcelJS.CellValue => {
    if (!options.typed || value === '') return value === '' ? null : value;
    if (column === 1) {
      const [d, m, y] = value.split('/').map(Number) as [number, number, number];
      return new Date(Date.UTC(y, m - 1, d));
    }
    if (column === 4) return Number(value);
    if (column >= 6 && column <= 8) return Number(value.replace(/,/g, ''));
    // exceljs's streaming writer keys shared strings by String(value), so rich text would collapse into one.
    if (column === 5 && value.includes('\n') && !options.streamingWriter) {
      const [first, ...rest] = value.split('\n');
      return { richText: [{ text: `${first}\n`, font: { bold: true } }, { text: rest.join('\n') }] };
    }
    return value;
  };
  const data = [...(options.preamble ? [['SAO KÊ TÀI KHOẢN'], ['Tài khoản 0011001932418'], []] : []), VTB_HEADER, ...rows];
  if (options.streamingWriter) {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (chunk: Buffer) => parts.push(chunk));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
    const sheet = writer.addWorksheet('Sao kê');
    for (const [i, row] of data.entries()) {
      const isData = i >= data.length - rows.length;
      sheet.addRow(isData ? row.map(toCell) : row).commit();
    }
    sheet.commit();
    await writer.commit();
    return Buffer.concat(parts);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sao kê');
  for (const [i, row] of data.entries()) {
    const isData = i >= data.length - rows.length;
    const added = sheet.addRow(isData ? row.map(toCell) : row);
    if (isData && options.typed) added.getCell(2).numFmt = 'dd/mm/yyyy';
  }
  workbook.addWorksheet('Tổng hợp').addRow(['not', 'the', 'statement']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The first `count` rows of the vietinbank sample plus its first debit, and what the CSV path makes of them. */
async function sampleRows(count: number): Promise<{ rows: string[][]; lines: StatementLine[] }> {
  const { parse } = await import('csv-parse/sync');
  const records = parse(readFileSync(`${dir}vietinbank-sample.csv`), { bom: true, relax_column_count: true }) as string[][];
  const firstDebit = records.findIndex((r, i) => i > 0 && r[6] !== '');
  const rows = [...records.slice(1, count + 1), records[firstDebit]!];
  const csv = [VTB_HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n');
  return { rows, lines: await collect(csv) };
}

describe('XLSX statements', () => {
  it('round-trips: a workbook of the sample, text cells, gives the same lines as the CSV', async () => {
    const { rows, lines } = await sampleRows(300);
    expect(lines.some((l) => l.direction === 'DEBIT') && lines.some((l) => l.memo.includes('\n'))).toBe(true);
    const xlsx = await vietinbankWorkbook(rows, { typed: false });
    expect(await collect(xlsx)).toEqual(lines);
  });

  it('round-trips with typed cells (dates, numbers, rich text) and a preamble', async () => {
    const { rows, lines } = await sampleRows(300);
    let headerRow = 0;
    const xlsx = await vietinbankWorkbook(rows, { typed: true, preamble: true });
    expect(unplaced(await collect(xlsx, { onHeader: (h) => (headerRow = h.row) }))).toEqual(unplaced(lines));
    expect(headerRow).toBe(4);
  });

  it('reads workbooks from exceljs streaming writer too', async () => {
    const { rows, lines } = await sampleRows(200);
    const xlsx = await vietinbankWorkbook(rows, { typed: true, streamingWriter: true });
    expect(await collect(xlsx)).toEqual(lines);
  });

  it('streams from a chunked source', async () => {
    const { rows, lines } = await sampleRows(100);
    const xlsx = await vietinbankWorkbook(rows, { typed: false });
    function* chunks() {
      for (let i = 0; i < xlsx.length; i += 1000) yield xlsx.subarray(i, i + 1000);
    }
    const parsed: StatementLine[] = [];
    for await (const row of parseStatementXlsx(chunks())) if (row.kind === 'line') parsed.push(row.line as StatementLine);
    expect(parsed).toEqual(lines);
  });

  it('holds a row with a bad cell, naming its row and column, and reads the rest', async () => {
    const { rows } = await sampleRows(5);
    rows[2]![7] = 'ba trăm nghìn';
    // The header is row 1, so the third data row is row 4.
    const xlsx = await vietinbankWorkbook(rows, { typed: false });
    expect(await damagedPaths(xlsx)).toEqual(['row 4, column "CreditAmount"']);
    expect(await collect(xlsx)).toHaveLength(5);
  });

  it('names a missing column', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('x').addRow(VTB_HEADER.filter((h) => h !== 'CreditAmount'));
    const e = await failure(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(e.errors.map((x) => x.path)).toEqual(['row 1, column "CreditAmount"']);
  });

  it('rejects an empty workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('x');
    const e = await failure(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(e.errors).toEqual([{ path: 'row 1', message: 'the file has no rows' }]);
  });

  it('rejects truncated and damaged workbooks with a ValidationError, never a hang', async () => {
    const { rows } = await sampleRows(300);
    const xlsx = await vietinbankWorkbook(rows, { typed: false });
    for (const cut of [10, 100, Math.floor(xlsx.length / 2), xlsx.length - 10]) {
      await failure(xlsx.subarray(0, cut), { stallMs: 300 });
    }
    const flipped = Buffer.from(xlsx);
    for (let i = 2000; i < flipped.length; i += 97) flipped[i]! ^= 0xff;
    await failure(flipped, { stallMs: 300 });
    await failure(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(4000, 7)]), { stallMs: 300 });
  });

  it('the XLSX path refuses CSV bytes', async () => {
    const parse = async () => {
      for await (const _ of parseStatementXlsx(readFileSync(`${dir}vcb-sample.csv`))) void _;
    };
    await expect(parse()).rejects.toBeInstanceOf(ValidationError);
  });
});
