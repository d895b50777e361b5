/**
 * How Vietnam writes money and time: the one place for VND grouping, the UTC+7 calendar day and
 * the dates people read, used alike by the server (journal days, reports, statement lines) and
 * the browser. Pure: no I/O, no Intl data, so every runtime prints the same bytes.
 *
 * Vietnam keeps UTC+7 all year (no daylight saving), so Vietnam time is a fixed offset and
 * needs no time-zone database.
 */
import * as clock from './clock';

export const VIETNAM_OFFSET_MINUTES = 7 * 60;
/** The offset as ISO 8601 writes it. */
export const VIETNAM_OFFSET = '+07:00';

const VIETNAM_OFFSET_MS = VIETNAM_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** Vietnam's wall clock at an instant, as an ISO 8601 string whose `Z` is not meant: slice it. */
function wallClock(ms: number): string {
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString();
}

/** The calendar day in Vietnam of a UTC instant, `YYYY-MM-DD`: the day bucket of the totals. */
export function vietnamDay(isoInstant: string): string {
  return wallClock(Date.parse(isoInstant)).slice(0, 10);
}

/** Today's date in Vietnam, `YYYY-MM-DD`. */
export function vietnamToday(now: Date = clock.now()): string {
  return wallClock(now.getTime()).slice(0, 10);
}

/** Vietnam's wall clock to the minute, `YYYY-MM-DDTHH:mm`: the value of an `<input type="datetime-local">`. */
export function vietnamMinute(now: Date = clock.now()): string {
  return wallClock(now.getTime()).slice(0, 16);
}

/** `2025-09-01T17:03:05.123Z` → `2025-09-02T00:03:05+07:00`: Vietnam time with its offset, as reports print it. */
export function vietnamTime(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) return isoInstant;
  return `${wallClock(ms).slice(0, 19)}${VIETNAM_OFFSET}`;
}

/** A wall-clock date and time in Vietnam → an unambiguous ISO 8601 instant: `2025-09-01`, `08:12:41` → `2025-09-01T08:12:41+07:00`. */
export function atVietnamTime(date: string, time = '00:00:00'): string {
  return `${date}T${time}${VIETNAM_OFFSET}`;
}

/** `2025-09-01`, 1 → `2025-09-02`; calendar arithmetic on a `YYYY-MM-DD` day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `2025-11-21` → `21/11/2025`, as Vietnamese write dates; anything else unchanged. */
export function formatDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : day;
}

/** A UTC instant shown in Vietnam time: `21/11/2025 10:00`; anything that is not an instant unchanged. */
export function formatDateTime(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) return isoInstant;
  const local = wallClock(ms);
  return `${formatDate(local)} ${local.slice(11, 16)}`;
}

/** `"1000000"` → `"1.000.000"`: dots group thousands, whatever the UI language (it is the currency's own format). */
export function groupDigits(digits: string, separator = '.'): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** A whole number grouped with dots: `-1234567` → `-1.234.567`. */
export function formatInteger(value: number): string {
  const sign = value < 0 ? '-' : '';
  return sign + groupDigits(String(Math.abs(Math.trunc(value))));
}

/** `12500000` → `12,500,000 VND`: the English form, for texts written in English beside the Vietnamese. */
export function formatVndEnglish(amount: number): string {
  const sign = amount < 0 ? '-' : '';
  return `${sign}${groupDigits(String(Math.abs(Math.trunc(amount))), ',')} VND`;
}

/** `1000000` → `1.000.000 ₫`; `{ symbol: false }` → `1.000.000`. */
export function formatVnd(amount: number, options: { symbol?: boolean } = {}): string {
  const digits = formatInteger(amount);
  return options.symbol === false ? digits : `${digits} ₫`;
}

/** A UTC instant's Vietnam wall-clock time, 24-hour: `14:05`. */
export function formatTime(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) return isoInstant;
  return wallClock(ms).slice(11, 16);
}

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A day inside a sentence, as each language writes it in prose: `2026-12-04` → `ngày 4 tháng 12
 * năm 2026` / `4 December 2026`. Tables and fields use `formatDate` (`04/12/2026`).
 */
export function formatDateProse(day: string, lang: 'vi' | 'en'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return lang === 'vi' ? `ngày ${date} tháng ${month} năm ${year}` : `${date} ${ENGLISH_MONTHS[month - 1]} ${year}`;
}
