/**
 * Cell-level parsers for bank statements: amounts and dates as Vietnamese banks print them.
 * They never throw; they return a problem message so the caller can name the row and column.
 */
import { atVietnamTime } from '../format';

/** The decimal separator; `auto` reads a separator before exactly three digits as grouping, before one or two as decimals (VND has no minor unit). */
export type Decimal = ',' | '.' | 'auto';
export const DECIMALS = [',', '.', 'auto'] as const;
export const DATE_FORMATS = ['dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy-mm-dd'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** A cell as it arrives from CSV (always a string) or XLSX (typed). */
export type Cell = string | number | boolean | Date | null | undefined;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(message: string): Parsed<T> => ({ ok: false, message });

// Safe integers have at most 16 digits; 15 keeps every accepted amount exact.
const MAX_DIGITS = 15;

export function isBlank(cell: Cell): boolean {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString();
  return String(cell);
}

function show(text: string): string {
  const short = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return JSON.stringify(short);
}

/**
 * A signed whole number of đồng. `decimal` is the file's decimal separator; the other one groups
 * thousands. A fraction is accepted only as one or two zeros (`1.000.000,00`): a three-digit
 * "fraction" is really a thousands group in the other convention, and reading `500,000` as 500
 * would silently shrink a donation a thousandfold, so it is rejected instead.
 */
const AMOUNT_PATTERN: Record<',' | '.', RegExp> = {
  ',': /^(\d{1,3}(?:[. ]\d{3})+|\d+)(?:,(\d+))?$/,
  '.': /^(\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.(\d+))?$/,
};

/** Which separator is the decimal one in this text, for `auto`: the last separator, when one or two digits follow it and nothing else does. */
function decimalOf(text: string): ',' | '.' {
  const last = /[.,](\d+)$/.exec(text);
  if (last && last[1]!.length <= 2) return text[last.index] as ',' | '.';
  // No decimals: the grouping separator is whichever appears; the other one is the decimal.
  return text.includes('.') && !text.includes(',') ? ',' : '.';
}

export function parseAmount(cell: Cell, decimal: Decimal): Parsed<number> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell)) return fail('is not a number');
    const rounded = Math.round(cell);
    // Spreadsheets store 1000000 as a float; anything beyond float noise is a real fraction.
    if (Math.abs(cell - rounded) > 1e-6) return fail(`${cell} is not a whole number of đồng`);
    if (!Number.isSafeInteger(rounded)) return fail('is too large');
    return ok(rounded === 0 ? 0 : rounded);
  }
  if (typeof cell !== 'string') return fail('is not a number');
  let text = cell
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim()
    .replace(/\s*(VND|VNĐ|đ|₫)$/i, '')
    .trim();
  if (text === '') return fail('is empty');
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1).trim();
  }
  const sign = /^[-+\u2212]/.exec(text);
  if (sign) {
    negative = sign[0] !== '+';
    text = text.slice(1).trim();
  } else if (/-$/.test(text)) {
    negative = true;
    text = text.slice(0, -1).trim();
  }
  const separator = decimal === 'auto' ? decimalOf(text) : decimal;
  const group = separator === ',' ? '.' : ',';
  const match = AMOUNT_PATTERN[separator].exec(text);
  if (!match) {
    const other = separator === ',' ? '1,000,000' : '1.000.000';
    const hint = decimal !== 'auto' && (text.includes(group) || text.includes(separator)) ? ` (is the file using ${other}?)` : '';
    return fail(`${show(cell.trim())} is not an amount like ${separator === ',' ? '1.000.000' : '1,000,000'}${hint}`);
  }
  const fraction = match[2];
  if (fraction !== undefined) {
    if (fraction.length === 3) {
      return fail(`${show(cell.trim())} is ambiguous: "${separator}" is this format's decimal separator`);
    }
    if (!/^0{1,2}$/.test(fraction)) return fail(`${show(cell.trim())} is not a whole number of đồng`);
  }
  const digits = match[1]!.replace(/[^0-9]/g, '').replace(/^0+(?=\d)/, '');
  if (digits.length > MAX_DIGITS) return fail(`${show(cell.trim())} is too large`);
  const value = Number(digits);
  return ok(negative && value !== 0 ? -value : value);
}

/** How finely a row gives its time: identities compare times only to the coarser of two precisions. */
export type TimePrecision = 'second' | 'minute';

export interface DateTimeParts {
  date: string;
  /** `HH:mm:ss`; the seconds are `00` when the bank prints minutes only (see `precision`). */
  time?: string;
  precision?: TimePrecision;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function parseClock(text: string): { time: string; precision: TimePrecision } | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?$/.exec(text.trim());
  if (!m) return null;
  const [h, mi, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (h > 23 || mi > 59 || s > 59) return null;
  return { time: `${pad(h)}:${pad(mi)}:${pad(s)}`, precision: m[3] === undefined ? 'minute' : 'second' };
}

// Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Spreadsheet dates carry no zone: exceljs hands them over as UTC, which is the wall clock. */
function fromWallClock(d: Date): DateTimeParts {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return time === '00:00:00' ? { date } : { date, time, precision: 'second' };
}

/** `dd/mm/yyyy` with an optional `HH:mm[:ss]`; `/`, `-` and `.` are all accepted as separators. */
export function parseDateTime(cell: Cell, format: DateFormat): Parsed<DateTimeParts> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return fail('is not a date');
    const parts = fromWallClock(cell);
    const [y, m, d] = parts.date.split('-').map(Number) as [number, number, number];
    return validDate(y, m, d) ? ok(parts) : fail(`${parts.date} is out of range`);
  }
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || cell < 1 || cell > 73_050) return fail(`${cell} is not a date`);
    return parseDateTime(new Date(EXCEL_EPOCH_MS + Math.round(cell * DAY_MS / 1000) * 1000), format);
  }
  if (typeof cell !== 'string') return fail('is not a date');
  const text = cell.trim();
  if (text === '') return fail('is empty');
  const m = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:(?:\s+|T)(.+))?$/.exec(text);
  const expected = `is not a date like ${format}${format === 'yyyy-mm-dd' ? '' : ' or ' + format + ' HH:mm:ss'}`;
  if (!m) return fail(`${show(text)} ${expected}`);
  const [a, b, c] = [m[1]!, m[2]!, m[3]!];
  let y: string, mo: string, d: string;
  if (format === 'yyyy-mm-dd') [y, mo, d] = [a, b, c];
  else if (format === 'mm/dd/yyyy') [mo, d, y] = [a, b, c];
  else [d, mo, y] = [a, b, c];
  if (y.length !== 4 || d.length > 2 || mo.length > 2) return fail(`${show(text)} ${expected}`);
  if (!validDate(Number(y), Number(mo), Number(d))) return fail(`${show(text)} is not a real calendar date`);
  const date = `${y}-${pad(Number(mo))}-${pad(Number(d))}`;
  if (m[4] === undefined) return ok({ date });
  const clock = parseClock(m[4].replace(/([+-]\d{2}:?\d{2}|Z)$/, ''));
  if (!clock) return fail(`${show(text)} has a time that is not HH:mm or HH:mm:ss`);
  return ok({ date, ...clock });
}

export interface Clock {
  time: string;
  precision: TimePrecision;
}

/**
 * A time-of-day column: `08:12:41`, what a spreadsheet makes of it (a day fraction or a Date), or
 * a date and time where a bank puts the transaction's moment beside its value date (MB's
 * `Ngày giao dịch`): then its time.
 */
export function parseTime(cell: Cell, format: DateFormat = 'dd/mm/yyyy'): Parsed<Clock> {
  if (cell instanceof Date) {
    if (Number.isNaN(cell.getTime())) return fail('is not a time');
    return ok({ time: `${pad(cell.getUTCHours())}:${pad(cell.getUTCMinutes())}:${pad(cell.getUTCSeconds())}`, precision: 'second' });
  }
  if (typeof cell === 'number') {
    if (cell >= 1) {
      const whole = parseDateTime(cell, format);
      return whole.ok && whole.value.time ? ok({ time: whole.value.time, precision: 'second' }) : fail(`${cell} is not a time of day`);
    }
    if (!(cell >= 0)) return fail(`${cell} is not a time of day`);
    const seconds = Math.round(cell * 86_400) % 86_400;
    return ok({ time: `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`, precision: 'second' });
  }
  if (typeof cell !== 'string') return fail('is not a time');
  const clock = parseClock(cell);
  if (clock) return ok(clock);
  const withDate = parseDateTime(cell, format);
  if (withDate.ok && withDate.value.time) return ok({ time: withDate.value.time, precision: withDate.value.precision ?? 'second' });
  return fail(`${show(cell.trim())} is not a time like HH:mm:ss`);
}

/** Statements are kept in Vietnam's wall clock; the offset makes the instant unambiguous. */
export function bookedAt(parts: DateTimeParts): string {
  return atVietnamTime(parts.date, parts.time);
}
