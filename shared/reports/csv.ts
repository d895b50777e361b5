/**
 * The spreadsheets: UTF-8 with a BOM (Excel otherwise shows Vietnamese as mojibake), CRLF line
 * ends (RFC 4180), Vietnamese headers. Rows are rendered from the published lines only, so a
 * verifier can re-render them and prove that the CSV says what the signed entries say.
 */
import { vietnamTime } from '../domain/format';
import { ANONYMOUS_DONOR } from '../domain/pledges';
import { entryTypeLabel } from '../domain/labels';
import type { PublicEntry } from './entries';

export { vietnamTime };

export const BOM = '\uFEFF';

/** The spreadsheets are in Vietnamese: an entry type's Vietnamese name. */
export function typeLabel(type: string): string {
  return entryTypeLabel(type).vi;
}

/** What a spreadsheet may read as the start of a formula. */
const FORMULA_START = /[=+\-@\t\r]/;
/** Where a spreadsheet may start a new cell or line inside one quoted cell: opened with another delimiter (`;` is Excel's in many locales), a quote lost, or pasted. */
const INNER_START = /([,;\t\r\n])(?=[=+\-@\t\r])/g;

/**
 * Text made inert for a spreadsheet (formula injection): an apostrophe before `= + - @`, tab or
 * CR wherever a cell could begin, at the start and after a separator inside the text, so a
 * donor named `=HYPERLINK(…)` or a memo `abc;=cmd` stays text in Excel. Numbers are not text:
 * `csvCell` writes them as they are, so a negative amount stays a number.
 */
export function neutraliseCsvText(value: string): string {
  const inner = value.replace(INNER_START, "$1'");
  return FORMULA_START.test(inner[0] ?? '') ? `'${inner}` : inner;
}

/** One cell of every CSV the platform writes: text neutralised and quoted when needed, numbers as they are. */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = neutraliseCsvText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: (string | number | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

const DETAIL_COLUMNS = new Set(['donor', 'donorType', 'donorCommitment']);

function otherDetails(entry: PublicEntry): string {
  return Object.keys(entry.details)
    .filter((key) => !DETAIL_COLUMNS.has(key))
    .map((key) => `${key}: ${String(entry.details[key])}`)
    .join('; ');
}

function text(value: unknown): string | undefined {
  return value === undefined ? undefined : String(value);
}

export const ENTRIES_HEADER = csvRow([
  'STT',
  'Mã bút toán',
  'Thời điểm (giờ Việt Nam)',
  'Ngày',
  'Loại',
  'Mã tham chiếu',
  'Đối tượng',
  'Mã xã/phường',
  'Nhà hảo tâm',
  'Cam kết (đồng)',
  'Đã nhận (đồng)',
  'Đã duyệt chi (đồng)',
  'Đã chi (đồng)',
  'Nội dung',
]);

export function entriesCsvRow(index: number, entry: PublicEntry): string {
  return csvRow([
    index + 1,
    entry.entryId,
    vietnamTime(entry.at),
    entry.day,
    typeLabel(entry.type),
    entry.entityRef,
    entry.entityType,
    entry.wardCode,
    // A format-3 line commits to its donor's name instead of naming them: the sheet says "Nhà hảo tâm".
    text(entry.details.donor ?? (entry.details.donorCommitment === undefined ? undefined : ANONYMOUS_DONOR)),
    entry.deltas.pledged ?? 0,
    entry.deltas.received ?? 0,
    entry.deltas.approved ?? 0,
    entry.deltas.disbursed ?? 0,
    otherDetails(entry),
  ]);
}

export const DISBURSEMENTS_HEADER = csvRow([
  'STT',
  'Mã giải ngân',
  'Thời điểm (giờ Việt Nam)',
  'Ngày',
  'Sự kiện',
  'Mã xã/phường',
  'Đơn vị nhận',
  'Mục đích',
  'Đã duyệt chi (đồng)',
  'Đã chi (đồng)',
  'Mã bút toán',
]);

export function isDisbursement(entry: PublicEntry): boolean {
  return entry.entityType === 'disbursement';
}

export function disbursementsCsvRow(index: number, entry: PublicEntry): string {
  return csvRow([
    index + 1,
    entry.entityRef,
    vietnamTime(entry.at),
    entry.day,
    typeLabel(entry.type),
    entry.wardCode,
    text(entry.details.organisation ?? entry.details.wardName ?? entry.details.beneficiary),
    text(entry.details.purpose),
    entry.deltas.approved ?? 0,
    entry.deltas.disbursed ?? 0,
    entry.entryId,
  ]);
}
