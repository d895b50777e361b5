/**
 * An organisation's list of pledges, as the request's body (DESIGN §12.5): a CSV file whose header
 * names the columns in Vietnamese or English. Each row is read and validated on its own with the
 * pledge's schema; a bad row becomes an error naming its row and column, and the good ones go on.
 * Only a file that is not a list at all (no name or amount column, too many rows) is refused whole.
 */
import { columnField, MAX_BATCH_ROWS, readDonorType, readYesNo, rowColumnPath, type BatchField, type BatchRowInput } from '../domain/batches';
import { overLimit, UPLOAD_LIMITS } from '../domain/uploads';
import { PayloadTooLargeError, ValidationError, type FieldError } from '../errors';
import { CreatePledgeBody } from '../schemas/pledges';

const RowSchema = CreatePledgeBody.omit({ fundId: true });

/** The column a field is reported under when the file has no such column. */
const DEFAULT_COLUMN: Record<BatchField, string> = {
  name: 'ho_ten',
  amount: 'so_tien',
  type: 'loai',
  taxCode: 'ma_so_thue',
  email: 'email',
  phone: 'dien_thoai',
  publishName: 'cong_khai',
  message: 'loi_nhan',
  dueDate: 'han',
  accountNumber: 'tai_khoan',
  externalRef: 'ma_rieng',
};

/**
 * `500.000`, `500,000`, `500 000 đ`, `500000` → 500000: digits grouped by thousands, or not at all.
 * `12,5` is a fraction, and đồng have none: undefined, as for any other text.
 */
export function readVnd(text: string): number | undefined {
  const number = text.trim().replace(/\s*(đ|₫|vnd|dong|đồng)$/i, '');
  if (!/^-?(\d{1,16}|\d{1,3}([.,\s]\d{3})+)$/.test(number)) return undefined;
  return Number(number.replace(/[\s.,]/g, ''));
}

/** `31/12/2025` or `2025-12-31` → `2025-12-31`; empty → undefined; anything else: null. */
function readDay(text: string): string | undefined | null {
  const value = text.trim();
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  return vn ? `${vn[3]}-${vn[2]!.padStart(2, '0')}-${vn[1]!.padStart(2, '0')}` : null;
}

function delimiterOf(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  return counts.sort((a, b) => b[1] - a[1])[0]![0];
}

/** Refuses a list with a line longer than `csvLineChars`, naming the line, before the CSV reader holds it whole. */
function checkLineLengths(text: string): void {
  let line = 1;
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    const length = (end < 0 ? text.length : end) - start;
    if (length > UPLOAD_LIMITS.csvLineChars) throw overLimit('csvLineChars', `row ${line}`, `the line holds ${length} characters`);
    if (end < 0) return;
    start = end + 1;
    line++;
  }
}

export interface PledgeList {
  rows: BatchRowInput[];
  errors: FieldError[];
  /** Data rows, accepted and rejected. */
  rowCount: number;
}

/** Async because the CSV reader is loaded with the first list a container reads: a cold start that never reads one does not load it. */
export async function readPledgeList(bytes: Uint8Array): Promise<PledgeList> {
  const { parse } = await import('csv-parse/sync');
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  checkLineLengths(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter: delimiterOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (error) {
    throw new ValidationError(`Không đọc được tệp CSV / The file is not readable CSV: ${(error as Error).message}`, [{ path: 'body', message: 'is not a CSV file' }], { cause: error });
  }
  const headerIndex = records.findIndex((record) => record.some((cell) => cell.trim() !== ''));
  if (headerIndex < 0) throw new ValidationError('Tệp trống / The file is empty', [{ path: 'body', message: 'has no header and no rows' }]);
  const header = records[headerIndex]!;
  const columns = new Map<BatchField, { index: number; name: string }>();
  header.forEach((cell, index) => {
    const field = columnField(cell);
    if (field && !columns.has(field)) columns.set(field, { index, name: cell.trim() });
  });
  const missing = (['name', 'amount'] as const).filter((field) => !columns.has(field));
  if (missing.length) {
    throw new ValidationError(
      `Tệp không phải danh sách ủng hộ: thiếu cột ${missing.map((f) => DEFAULT_COLUMN[f]).join(', ')} / Not a pledge list: no ${missing.join(' or ')} column`,
      missing.map((field) => ({ path: `row ${headerIndex + 1}`, message: `has no "${DEFAULT_COLUMN[field]}" (${field}) column` })),
    );
  }
  const columnName = (field: BatchField) => columns.get(field)?.name ?? DEFAULT_COLUMN[field];
  const dataRows = records.slice(headerIndex + 1).map((record, i) => ({ record, rowNo: headerIndex + 2 + i })).filter(({ record }) => record.some((cell) => cell.trim() !== ''));
  if (dataRows.length > MAX_BATCH_ROWS) throw new PayloadTooLargeError(MAX_BATCH_ROWS);
  const rows: BatchRowInput[] = [];
  const errors: FieldError[] = [];
  for (const { record, rowNo } of dataRows) {
    const cell = (field: BatchField) => {
      const column = columns.get(field);
      return column ? (record[column.index] ?? '').trim() : '';
    };
    const problems: FieldError[] = [];
    const problem = (field: BatchField, message: string) => problems.push({ path: rowColumnPath(rowNo, columnName(field)), message });
    const amount = readVnd(cell('amount'));
    if (amount === undefined) problem('amount', cell('amount') ? 'must be a whole number of đồng, such as 500000 or 500.000' : 'is required');
    const type = readDonorType(cell('type'));
    if (!type) problem('type', 'must be "cá nhân" (individual) or "tổ chức" (organisation)');
    const publishName = readYesNo(cell('publishName'));
    if (publishName === undefined) problem('publishName', 'must be "có" or "không" (yes or no)');
    const dueDate = readDay(cell('dueDate'));
    if (dueDate === null) problem('dueDate', 'must be a date such as 31/12/2025');
    if (problems.length) {
      errors.push(...problems);
      continue;
    }
    const optional = (field: BatchField) => cell(field) || undefined;
    const candidate = {
      donor: { type, name: cell('name'), taxCode: optional('taxCode'), email: optional('email'), phone: optional('phone') },
      amount,
      publishName,
      dueDate: dueDate ?? undefined,
      message: optional('message'),
      accountNumber: optional('accountNumber'),
    };
    const parsed = RowSchema.safeParse(JSON.parse(JSON.stringify(candidate)));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [first, second] = issue.path.map(String);
        const field = (first === 'donor' ? second : first) as BatchField;
        problem(field in DEFAULT_COLUMN ? field : 'name', issue.message);
      }
      errors.push(...problems);
      continue;
    }
    const externalRef = optional('externalRef');
    rows.push({ rowNo, pledge: parsed.data, ...(externalRef ? { externalRef: externalRef.slice(0, 100) } : {}) });
  }
  return { rows, errors, rowCount: dataRows.length };
}

