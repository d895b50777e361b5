/**
 * The file-type-independent half of statement parsing: rows of cells (from a CSV record or an
 * XLSX row) become classified rows (DESIGN §9.1). It finds the header among the bank's title
 * rows, reads what those rows and the closing rows say (account, period, opening and closing
 * balance, totals), and reads each row after the header as a transaction through the recognised
 * format's column mapping. A row that does not read whole is a damaged line naming its cells,
 * never a reason to refuse the file; only a file that is not a statement at all throws a
 * ValidationError. The byte handling lives in the parser adapter.
 */
import { type FieldError, ValidationError } from '../../errors';
import { fold } from '../text';
import { statementFileError } from './file-error';
import { BUILT_IN_FORMATS, type Field, type HeaderAttempt, type ResolvedFormat, type StatementFormat, detectFormat } from './formats';
import type { DamagedLine, Direction, ReadLine, StatementLine, StatementNotes, StatementRow } from './types';
import { type Cell, type Clock, bookedAt, cellText, isBlank, parseAmount, parseDateTime, parseTime } from './values';

/** Banks put a title, the account and the period above the header; twenty rows covers them. */
export const MAX_PREAMBLE_ROWS = 20;

// Control characters and U+FFFD (what invalid UTF-8 decodes to) do not occur in real statements.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;
// eslint-disable-next-line no-control-regex
const BINARY_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/g;

export interface HeaderInfo {
  format: StatementFormat;
  /** The row the header was found on (rows above it are the bank's title rows). */
  row: number;
  header: string[];
}

export interface RowReaderOptions {
  /** Saved column mappings (see `customFormat`), tried before the built-in formats. */
  formats?: readonly StatementFormat[];
  /** Called once, when the header row has been recognised. */
  onHeader?: (info: HeaderInfo) => void;
}

/** The text of a row as a person reads it: its non-empty cells, in order. */
export function rowText(cells: readonly Cell[]): string {
  return cells
    .map((cell) => (cell instanceof Date ? wallClock(cell) : cellText(cell)).replace(/\s+/g, ' ').trim())
    .filter((text) => text !== '')
    .join(' | ')
    .replace(BINARY_ALL, '�');
}

/** A spreadsheet's date cell as the sheet shows it (its wall clock, which exceljs hands over as UTC). */
function wallClock(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  const day = `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? day : `${day} ${time}`;
}

const DATE_TEXT = /(\d{1,2}[/.-]\d{1,2}[/.-]\d{4})/;

/** Reads what a title row says: the account number, the period, the opening (or closing) balance. */
export function titleNotes(cells: readonly Cell[]): StatementNotes {
  const text = fold(cells.map(cellText).join(' , '));
  const notes: StatementNotes = {};
  const account = /\b(?:so tai khoan|account(?: number| no\.?)?)\b[^0-9,]{0,24}?(\d[\d .-]{4,30}\d)/.exec(text);
  if (account) notes.accountNumber = account[1]!.replace(/\D/g, '');
  const period = new RegExp(`(?:tu ngay|from)\\s*:?\\s*${DATE_TEXT.source}\\s*(?:den ngay|to)\\s*:?\\s*${DATE_TEXT.source}`).exec(text);
  if (period) {
    const [from, to] = [parseDateTime(period[1]!, 'dd/mm/yyyy'), parseDateTime(period[2]!, 'dd/mm/yyyy')];
    if (from.ok && to.ok) Object.assign(notes, { periodFrom: from.value.date, periodTo: to.value.date });
  }
  const balance = (label: RegExp) => {
    const m = new RegExp(`${label.source}[^0-9-]{0,24}?(-?\\d[\\d.,]*)`).exec(text);
    if (!m) return undefined;
    const amount = parseAmount(m[1]!.replace(/[.,]$/, ''), 'auto');
    return amount.ok ? amount.value : undefined;
  };
  const opening = balance(/(?:so du dau ky|so du dau|opening balance)/);
  if (opening !== undefined) notes.openingBalance = opening;
  const closing = balance(/(?:so du cuoi ky|so du cuoi|closing balance|ending balance)/);
  if (closing !== undefined) notes.closingBalance = closing;
  return notes;
}

const FOOTER_WORDS = /\b(tong cong|tong so|cong phat sinh|total|so du cuoi|so du dau|closing balance|ending balance|opening balance|nguoi lap|lap bieu|ke toan truong|giam doc|prepared by|signature|ghi chu)\b/;

/**
 * Turns rows (from either file type) into classified rows: title rows and the header, then a
 * transaction line (good or damaged), a totals or closing row, or a blank row for each row after it.
 */
export class RowReader {
  private resolved: ResolvedFormat | undefined;
  private best: { attempt: HeaderAttempt; row: number } | undefined;
  private firstRow: number | undefined;
  private scanned = 0;
  private lineNo = 0;
  private footerSeen = false;
  /** Columns a footer label may stand in: every column but the memo's and the counterparty's. */
  private labelColumns: number[] = [];

  constructor(private readonly options: RowReaderOptions) {}

  get format(): StatementFormat | undefined {
    return this.resolved?.format;
  }

  accept(row: number, cells: readonly Cell[]): StatementRow {
    if (cells.every(isBlank)) return { kind: 'other', row, what: 'BLANK', text: '' };
    if (!this.resolved) return this.preamble(row, cells);
    return this.read(row, cells);
  }

  finish(): void {
    if (!this.resolved) throw this.headerError();
  }

  /**
   * A CSV parser that fails drops the records it had not yet handed over, the header among
   * them; re-detecting it from the records the caller saw lets the error name the column.
   */
  learnHeader(records: readonly (readonly Cell[])[]): void {
    for (const record of records) {
      if (this.resolved) return;
      const result = detectFormat(record, this.options.formats);
      if ('resolved' in result) this.resolve(result.resolved);
    }
  }

  columnLabel(index: number): string {
    const name = this.resolved?.header[index];
    return name ? `"${name}"` : String(index + 1);
  }

  /** How many columns the header has, once found. */
  get width(): number | undefined {
    return this.resolved?.header.length;
  }

  /** Whether the header has been found: rows after it are transactions or closing rows. */
  get inBody(): boolean {
    return this.resolved !== undefined;
  }

  /** The next line number, for a row the caller could not hand over whole (a record cut off at the end of the file). */
  cutOffLine(row: number, message: string): DamagedLine {
    return { lineNo: ++this.lineNo, row, bankRef: '', memo: '', damage: { reason: 'UNREADABLE', raw: '', problems: [{ path: `row ${row}`, message }] } };
  }

  private resolve(resolved: ResolvedFormat): void {
    this.resolved = resolved;
    const { columns } = resolved;
    const text = new Set([columns.memo?.index, columns.counterparty?.index]);
    this.labelColumns = resolved.header.map((_, i) => i).filter((i) => !text.has(i));
  }

  private preamble(row: number, cells: readonly Cell[]): StatementRow {
    const binary = cells.findIndex((cell) => typeof cell === 'string' && BINARY.test(cell));
    if (binary >= 0) throw statementFileError(`row ${row}, column ${binary + 1}`, 'holds binary data or text that is not UTF-8: this is not a statement file');
    this.firstRow ??= row;
    const result = detectFormat(cells, this.options.formats);
    if ('resolved' in result) {
      this.resolve(result.resolved);
      this.options.onHeader?.({ format: result.resolved.format, row, header: result.resolved.header });
      return { kind: 'other', row, what: 'HEADER', text: rowText(cells) };
    }
    if (result.best && (!this.best || result.best.found > this.best.attempt.found)) {
      this.best = { attempt: result.best, row };
    }
    if (++this.scanned >= MAX_PREAMBLE_ROWS) throw this.headerError();
    const notes = titleNotes(cells);
    return { kind: 'other', row, what: 'TITLE', text: rowText(cells), ...(Object.keys(notes).length ? { notes } : {}) };
  }

  private headerError(): ValidationError {
    if (this.firstRow === undefined) {
      return statementFileError('row 1', 'the file has no rows');
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
    return statementFileError(
      `row ${this.firstRow}`,
      `unknown columns: no header of a known statement format in the first ${MAX_PREAMBLE_ROWS} rows (known: ${known}); save a column mapping for this bank`,
      'Unknown statement format',
    );
  }

  /** A row after the header with no date, labelled as a total, a closing balance or a signature, or after such a row. */
  private footer(row: number, cells: readonly Cell[], dateReads: boolean): StatementRow | null {
    if (dateReads) return null;
    const labelled = this.labelColumns.some((i) => FOOTER_WORDS.test(fold(cellText(cells[i]))));
    if (!labelled && !this.footerSeen) return null;
    this.footerSeen = true;
    const { columns, format } = this.resolved!;
    const notes: StatementNotes = {};
    const folded = fold(rowText(cells));
    const amountAt = (index: number | undefined) => {
      if (index === undefined || isBlank(cells[index])) return undefined;
      const a = parseAmount(cells[index], format.mapping.decimal);
      return a.ok ? a.value : undefined;
    };
    if (/\b(so du cuoi|closing balance|ending balance)\b/.test(folded)) {
      // The closing balance stands in whichever column the bank chose: the last amount on the row.
      const amounts = cells.map((_, i) => amountAt(i)).filter((a): a is number => a !== undefined);
      if (amounts.length) notes.closingBalance = amounts.at(-1)!;
    } else if (/\b(tong cong|tong so|cong phat sinh|total)\b/.test(folded)) {
      const debit = amountAt(columns.debit?.index);
      const credit = amountAt(columns.credit?.index);
      if (debit !== undefined) notes.totalDebit = Math.abs(debit);
      if (credit !== undefined) notes.totalCredit = credit;
    } else if (/\b(so du dau|opening balance)\b/.test(folded)) {
      const amounts = cells.map((_, i) => amountAt(i)).filter((a): a is number => a !== undefined);
      if (amounts.length) notes.openingBalance = amounts.at(-1)!;
    }
    return { kind: 'other', row, what: 'FOOTER', text: rowText(cells), ...(Object.keys(notes).length ? { notes } : {}) };
  }

  private read(row: number, cells: readonly Cell[]): StatementRow {
    const { columns, format, header } = this.resolved!;
    const mapping = format.mapping;
    const at = (field: Field) => `row ${row}, column "${columns[field]!.name}"`;
    const cell = (field: Field): Cell => {
      const column = columns[field];
      return column ? cells[column.index] : undefined;
    };
    const when = parseDateTime(cell('date'), mapping.dateFormat);
    const footer = this.footer(row, cells, when.ok);
    if (footer) return footer;

    const problems: FieldError[] = [];
    const binary = cells.findIndex((c) => typeof c === 'string' && BINARY.test(c));
    if (binary >= 0) problems.push({ path: `row ${row}, column ${this.columnLabel(binary)}`, message: 'holds binary data or text that is not UTF-8' });
    const shortOf = Object.values(columns)
      .filter((c) => c.index >= cells.length)
      .sort((a, b) => a.index - b.index)[0];
    if (shortOf) {
      problems.push({ path: `row ${row}, column "${shortOf.name}"`, message: `the row ends before this column (${cells.length} of ${header.length} columns): a truncated or broken row` });
    }
    if (cells.slice(header.length).some((c) => !isBlank(c))) {
      problems.push({ path: `row ${row}, column ${header.length + 1}`, message: `the row has more columns than the header's ${header.length} (an unquoted delimiter in a memo?)` });
    }
    // A row whose cells are shifted says nothing reliable in any column.
    const shifted = problems.length > 0;

    if (!when.ok) problems.push({ path: at('date'), message: when.message });
    let clock: Clock | undefined = when.ok && when.value.time ? { time: when.value.time, precision: when.value.precision ?? 'second' } : undefined;
    if (columns.time && !isBlank(cell('time'))) {
      const t = parseTime(cell('time'), mapping.dateFormat);
      if (t.ok) clock = t.value;
      // A time that does not read costs the line its time, not its money.
    }

    let direction: Direction | undefined;
    let amount: number | undefined;
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
          direction = 'CREDIT';
          amount = credit;
        }
      }
    }

    let balance: number | undefined;
    if (columns.balance && !isBlank(cell('balance'))) {
      const b = parseAmount(cell('balance'), mapping.decimal);
      // An unreadable balance costs the line its balance, not its money.
      if (b.ok) balance = b.value;
    }

    const lineNo = ++this.lineNo;
    const bankRef = cellText(cell('reference')).trim();
    const memo = cellText(cell('memo')).replace(/\r\n?/g, '\n').replace(BINARY_ALL, '').trim();
    const counterparty = cellText(cell('counterparty')).trim();
    const date = when.ok ? when.value.date : undefined;
    const timed = date && clock ? { clock: clock.time, precision: clock.precision } : {};
    if (problems.length > 0) {
      const partial: DamagedLine = {
        lineNo,
        row,
        bankRef: shifted ? '' : bankRef,
        memo: shifted ? '' : memo,
        damage: { reason: 'UNREADABLE', raw: rowText(cells), problems },
      };
      if (!shifted) {
        if (date) Object.assign(partial, { valueDate: date, bookedAt: bookedAt({ date, time: clock?.time }), ...timed });
        if (balance !== undefined) partial.balance = balance;
        if (counterparty !== '') partial.counterparty = counterparty;
      }
      return { kind: 'line', line: partial };
    }
    const line: StatementLine = {
      lineNo,
      row,
      bookedAt: bookedAt({ date: date!, time: clock?.time }),
      valueDate: date!,
      ...timed,
      direction: direction!,
      amount: amount!,
      bankRef,
      memo,
    };
    if (balance !== undefined) line.balance = balance;
    if (counterparty !== '') line.counterparty = counterparty;
    return { kind: 'line', line: line as ReadLine };
  }
}
