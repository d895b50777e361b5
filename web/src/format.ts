/**
 * Formatting and parsing the way Vietnamese readers expect. Money, days and Vietnam time come
 * from the domain's one module (the server prints reports with the same functions); what is
 * here belongs to the browser: amount fields, compact figures, search.
 */
import { atVietnamTime, groupDigits } from '../../shared/domain/format';
import { fold, matchesQuery as matchesFoldedQuery } from '../../shared/domain/text';

export { formatDate, formatDateTime, formatInteger, formatTime, formatVnd, vietnamToday } from '../../shared/domain/format';
/** Now, as the value of an `<input type="datetime-local">` in Vietnam time. */
export { vietnamMinute as nowLocalInput } from '../../shared/domain/format';

/** Search folds text as the API does: one function for both. */
export { fold };

/** Compact figures for cards and chart axes: 4,5 tỷ / 4.5B. */
export function formatCompact(amount: number, lang: 'vi' | 'en'): string {
  const abs = Math.abs(amount);
  const units: [number, string, string][] = [
    [1e9, ' tỷ', 'B'],
    [1e6, ' tr', 'M'],
    [1e3, ' N', 'K'],
  ];
  for (const [size, vi, en] of units) {
    if (abs >= size) {
      const value = Math.round((amount / size) * 10) / 10;
      const text = lang === 'vi' ? String(value).replace('.', ',') : String(value);
      return text + (lang === 'vi' ? vi : en);
    }
  }
  return String(amount);
}

/**
 * What a person typed into an amount field → đồng, or null. Accepts `1.000.000`, `1 000 000`,
 * `1,000,000`, `1000000 ₫`; refuses decimals (VND has no minor unit) and anything else.
 */
export function parseAmount(text: string): number | null {
  const cleaned = text.replace(/[\s₫]|đ(ồng)?|vnd/gi, '');
  if (!cleaned) return null;
  if (!/^\d{1,3}([.,]\d{3})*$|^\d+$/.test(cleaned)) return null;
  const value = Number(cleaned.replace(/[.,]/g, ''));
  return Number.isSafeInteger(value) ? value : null;
}

/**
 * Live formatting of an amount field: the digits typed so far, grouped with dots, and where the
 * caret should go so it stays after the same digit.
 */
export function reformatAmountInput(text: string, caret: number): { text: string; caret: number } {
  const digitsBefore = text.slice(0, caret).replace(/\D/g, '').replace(/^0+(?=\d)/, '').length;
  const digits = text.replace(/\D/g, '').replace(/^0+(?=\d)/, '').slice(0, 16);
  const formatted = groupDigits(digits);
  let seen = 0;
  let position = 0;
  while (position < formatted.length && seen < digitsBefore) {
    if (/\d/.test(formatted[position]!)) seen++;
    position++;
  }
  return { text: formatted, caret: position };
}

export function matchesQuery(text: string, query: string): boolean {
  return matchesFoldedQuery(fold(text), query);
}

/** The value of an `<input type="datetime-local">` (Vietnam time) → ISO 8601 with `+07:00`. */
export function localInputToIso(value: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(value);
  if (!m) throw new RangeError(`not a local date-time: ${value}`);
  return atVietnamTime(m[1]!, `${m[2]}${m[3] ?? ':00'}`);
}

/** Share of a target, clamped to 0–100, one decimal. */
export function percentOf(value: number, target: number | undefined): number | null {
  if (!target || target <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((value / target) * 1000) / 10));
}
