/**
 * The file-type-independent half of statement parsing: rows of cells (from a CSV record or an
 * XLSX row) become statement lines. It finds the header among the bank's preamble rows, then
 * reads each row through the recognised format's column mapping. Every problem is a
 * ValidationError naming the row and column; the byte handling lives in the parser adapter.
 */
import { type FieldError, ValidationError } from '../../errors';
import { statementFileError } from './file-error';
import { BUILT_IN_FORMATS, type Field, type HeaderAttempt, type ResolvedFormat, type StatementFormat, detectFormat } from './formats';
import type { Direction, StatementLine } from './types';
import { type Cell, bookedAt, cellText, isBlank, parseAmount, parseDateTime, parseTime } from './values';

/** Banks put a title, the account and the period above the header; twenty rows covers them. */
export const MAX_PREAMBLE_ROWS = 20;

// Control characters and U+FFFD (what invalid UTF-8 decodes to) do not occur in real statements.
// eslint-disable-next-line no-control-regex
const BINARY = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

export interface HeaderInfo {
  format: StatementFormat;
  /** The row the header was found on (rows above it are the bank's preamble). */
  row: number;
  header: string[];
}

export interface RowReaderOptions {
  /** Saved column mappings for this account (see `customFormat`), tried before the built-in formats. */
  formats?: readonly StatementFormat[];
  /** Called once, when the header row has been recognised. */
  onHeader?: (info: HeaderInfo) => void;
}

/**
 * Turns rows (from either file type) into statement lines: finds the header, then reads each
 * row through the format's column mapping.
 */
export class RowReader {
  private resolved: ResolvedFormat | undefined;
  private best: { attempt: HeaderAttempt; row: number } | undefined;
  private firstRow: number | undefined;
  private scanned = 0;
  private lineNo = 0;

  constructor(private readonly options: RowReaderOptions) {}

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
   * A CSV parser that fails drops the records it had not yet handed over, the header among
   * them; re-detecting it from the records the caller saw lets the error name the column.
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
      throw statementFileError(`row ${row}, column ${this.columnLabel(index)}`, 'holds binary data or text that is not UTF-8');
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
      throw statementFileError(
        `row ${row}, column "${shortOf.name}"`,
        `the row ends before this column (${cells.length} of ${header.length} columns): a truncated or broken row`,
      );
    }
    if (cells.slice(header.length).some((cell) => !isBlank(cell))) {
      throw statementFileError(
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
