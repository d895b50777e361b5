/**
 * Limits on uploaded files (DESIGN §9, §10): a statement (CSV, XLSX) or a pledge list over one is
 * refused with UploadLimitError naming the limit and its value, and an XLSX is refused from its
 * zip directory and a counting inflate, before the workbook reader sees a byte.
 */
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { parseStatement, previewStatement } from '../../shared/adapters/statement-parser';
import { UPLOAD_LIMITS } from '../../shared/domain/uploads';
import { UploadLimitError } from '../../shared/errors';
import { problemResponse } from '../../shared/http/problem';
import { readPledgeList } from '../../shared/http/pledge-list';
import { handZip, zeroSheet } from '../support/zip';

const workbookReaders = vi.hoisted(() => ({ constructed: 0 }));
vi.mock('exceljs/lib/stream/xlsx/workbook-reader.js', async (importOriginal) => {
  const original = (await importOriginal()) as { default: new (...args: never[]) => object };
  class CountedWorkbookReader extends original.default {
    constructor(...args: never[]) {
      super(...args);
      workbookReaders.constructed++;
    }
  }
  return { default: CountedWorkbookReader };
});

beforeEach(() => {
  workbookReaders.constructed = 0;
});

async function refusal(run: () => Promise<unknown>): Promise<UploadLimitError> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadLimitError);
  return error as UploadLimitError;
}

async function readAll(source: Parameters<typeof parseStatement>[0]): Promise<number> {
  let rows = 0;
  for await (const _row of parseStatement(source)) rows++;
  return rows;
}

const WORKBOOK_PARTS = [
  { name: '[Content_Types].xml', content: Buffer.from('<?xml version="1.0"?><Types/>') },
  { name: 'xl/workbook.xml', content: Buffer.from('<?xml version="1.0"?><workbook/>') },
];

async function workbook(fill: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  fill(book);
  return Buffer.from(await book.xlsx.writeBuffer());
}

describe('an XLSX zip bomb', () => {
  it('whose sheet declares what it inflates to is refused from the directory: 413 naming xlsxInflateRatio, the workbook reader never built', async () => {
    const bomb = handZip([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', compressed: zeroSheet(64 * 1024 * 1024), declaredSize: 64 * 1024 * 1024 }]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const error = await refusal(() => readAll(bomb));
    expect(error.limit).toEqual({ name: 'xlsxInflateRatio', value: UPLOAD_LIMITS.xlsxInflateRatio });
    expect(error.errors[0]!.message).toMatch(/xl\/worksheets\/sheet1\.xml inflates \d+ bytes to 67108864/);
    expect(workbookReaders.constructed).toBe(0);
    const problem = problemResponse(error);
    expect(problem.statusCode).toBe(413);
    expect(JSON.parse(problem.body)).toMatchObject({ code: 'upload-too-large', limit: { name: 'xlsxInflateRatio', value: 200 }, errors: [{ path: 'file' }] });
  });

  it('whose sheet lies about its size is stopped at the ratio, long before it is inflated, and never reaches the workbook reader', async () => {
    const payload = zeroSheet(64 * 1024 * 1024);
    const bomb = handZip([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', compressed: payload, declaredSize: 1_000 }]);
    const error = await refusal(() => readAll(bomb));
    expect(error.limit.name).toBe('xlsxInflateRatio');
    // Counting stopped just past 200 × its compressed size (or 1 MB), not at the 64 MB it holds.
    const counted = Number(/more than (\d+)/.exec(error.errors[0]!.message)![1]);
    expect(counted).toBeLessThan(Math.max(1024 * 1024, payload.length * UPLOAD_LIMITS.xlsxInflateRatio) + 1024 * 1024);
    expect(counted).toBeLessThan(64 * 1024 * 1024);
    expect(workbookReaders.constructed).toBe(0);
  });

  it('refuses the mapping preview too', async () => {
    const bomb = handZip([...WORKBOOK_PARTS, { name: 'xl/worksheets/sheet1.xml', compressed: zeroSheet(16 * 1024 * 1024), declaredSize: 16 * 1024 * 1024 }]);
    expect((await refusal(() => previewStatement(bomb, 10))).limit.name).toBe('xlsxInflateRatio');
    expect(workbookReaders.constructed).toBe(0);
  });
});

describe('the other XLSX limits', () => {
  it('refuses parts that together declare more than xlsxUncompressedBytes, each within the ratio, inflating nothing', async () => {
    const compressed = randomBytes(800 * 1024);
    const declaredSize = compressed.length * UPLOAD_LIMITS.xlsxInflateRatio;
    const zip = handZip([...WORKBOOK_PARTS, ...[1, 2].map((n) => ({ name: `xl/worksheets/sheet${n}.xml`, compressed, declaredSize }))]);
    const error = await refusal(() => readAll(zip));
    expect(error.limit).toEqual({ name: 'xlsxUncompressedBytes', value: UPLOAD_LIMITS.xlsxUncompressedBytes });
    expect(workbookReaders.constructed).toBe(0);
  });

  it('refuses more sheets than xlsxSheets', async () => {
    const book = await workbook((b) => {
      for (let i = 1; i <= UPLOAD_LIMITS.xlsxSheets + 1; i++) b.addWorksheet(`S${i}`).addRow(['x']);
    });
    const error = await refusal(() => readAll(book));
    expect(error.limit).toEqual({ name: 'xlsxSheets', value: UPLOAD_LIMITS.xlsxSheets });
    expect(error.errors[0]!.message).toMatch(/33 sheets/);
  });

  it('refuses more parts than xlsxEntries', async () => {
    const zip = handZip(Array.from({ length: UPLOAD_LIMITS.xlsxEntries + 1 }, (_, i) => ({ name: `x/${i}.xml`, content: Buffer.from('<a/>') })));
    expect((await refusal(() => readAll(zip))).limit.name).toBe('xlsxEntries');
  });

  it('refuses a workbook over xlsxBytes while reading it', async () => {
    const chunk = Buffer.alloc(1024 * 1024);
    chunk.write('PK\u0003\u0004', 'latin1');
    async function* big() {
      for (let i = 0; i <= UPLOAD_LIMITS.xlsxBytes / chunk.length; i++) yield chunk;
    }
    expect((await refusal(() => readAll(big()))).limit).toEqual({ name: 'xlsxBytes', value: UPLOAD_LIMITS.xlsxBytes });
  });

  it('refuses a row numbered past xlsxRows instead of padding up to it with blank rows, naming the row', async () => {
    const book = await workbook((b) => {
      const sheet = b.addWorksheet('Sao kê');
      sheet.addRow(['Ngày', 'Số tiền', 'Nội dung']);
      sheet.getRow(UPLOAD_LIMITS.xlsxRows + 1).values = ['01/09/2024', 1000, 'x'];
    });
    const error = await refusal(() => readAll(book));
    expect(error.limit).toEqual({ name: 'xlsxRows', value: UPLOAD_LIMITS.xlsxRows });
    expect(error.errors[0]!.path).toBe(`row ${UPLOAD_LIMITS.xlsxRows + 1}`);
  });

  it('refuses a cell longer than cellChars, naming its row and column', async () => {
    const book = await workbook((b) => {
      const sheet = b.addWorksheet('Sao kê');
      sheet.addRow(['Ngày', 'Số tiền', 'Nội dung']);
      sheet.addRow(['01/09/2024', 1000, 'x'.repeat(UPLOAD_LIMITS.cellChars + 1)]);
    });
    const error = await refusal(() => readAll(book));
    expect(error.limit).toEqual({ name: 'cellChars', value: UPLOAD_LIMITS.cellChars });
    expect(error.errors[0]!.path).toBe('row 2, column 3');
  });

  it('still reads an ordinary workbook', async () => {
    const book = await workbook((b) => {
      const sheet = b.addWorksheet('Sao kê');
      for (let i = 0; i < 200; i++) sheet.addRow([`row ${i}`, i, 'ung ho dong bao'.repeat(3)]);
    });
    const rows: unknown[] = await previewStatement(book, 300);
    expect(rows).toHaveLength(200);
    expect(workbookReaders.constructed).toBe(1);
  });
});

describe('CSV lines', () => {
  it('refuses a statement row longer than csvLineChars, naming the row and the limit', async () => {
    const csv = ['Ngay,So tien,Noi dung', '01/09/2024,1000,ung ho', `01/09/2024,1000,${'x'.repeat(UPLOAD_LIMITS.csvLineChars + 1)}`].join('\r\n');
    const error = await refusal(() => readAll(csv));
    expect(error.limit).toEqual({ name: 'csvLineChars', value: UPLOAD_LIMITS.csvLineChars });
    expect(error.errors[0]!.path).toMatch(/^row 3/);
  });

  it('refuses a pledge-list line longer than csvLineChars before reading the list', async () => {
    const csv = ['ho_ten,so_tien', 'Nguyen Van A,500000', `Tran Thi B,500000,${'y'.repeat(UPLOAD_LIMITS.csvLineChars)}`].join('\n');
    const error = await refusal(() => readPledgeList(Buffer.from(csv)));
    expect(error.limit).toEqual({ name: 'csvLineChars', value: UPLOAD_LIMITS.csvLineChars });
    expect(error.errors[0]!.path).toBe('row 3');
    expect(JSON.parse(problemResponse(error).body)).toMatchObject({ status: 413, code: 'upload-too-large' });
  });
});
