import { describe, expect, it } from 'vitest';
import {
  fold,
  formatCompact,
  formatDate,
  formatDateTime,
  formatVnd,
  localInputToIso,
  matchesQuery,
  nowLocalInput,
  parseAmount,
  percentOf,
  reformatAmountInput,
  vietnamToday,
} from '../../web/src/format';

describe('formatVnd', () => {
  it.each([
    [0, '0 ₫'],
    [5, '5 ₫'],
    [1_000, '1.000 ₫'],
    [1_000_000, '1.000.000 ₫'],
    [12_345_678, '12.345.678 ₫'],
    [-500_000, '-500.000 ₫'],
    [4_500_000_000, '4.500.000.000 ₫'],
  ])('%i → %s', (amount, text) => expect(formatVnd(amount)).toBe(text));

  it('can leave the symbol out', () => expect(formatVnd(1_000_000, { symbol: false })).toBe('1.000.000'));

  it('writes compact figures per language', () => {
    expect(formatCompact(4_500_000_000, 'vi')).toBe('4,5 tỷ');
    expect(formatCompact(4_500_000_000, 'en')).toBe('4.5B');
    expect(formatCompact(68_000_000, 'vi')).toBe('68 tr');
    expect(formatCompact(999, 'en')).toBe('999');
  });
});

describe('parseAmount', () => {
  it.each([
    ['1.000.000', 1_000_000],
    ['1 000 000', 1_000_000],
    ['1,000,000', 1_000_000],
    ['500000', 500_000],
    ['500.000 ₫', 500_000],
    ['200000đ', 200_000],
    ['  75.000 VND ', 75_000],
  ])('%s → %i', (text, amount) => expect(parseAmount(text)).toBe(amount));

  it.each(['', 'abc', '1.5', '1.00', '12,5', '1..000', '-5', '99999999999999999999'])('refuses %j', (text) => expect(parseAmount(text)).toBeNull());
});

describe('reformatAmountInput: live formatting keeps the caret after the same digit', () => {
  it('groups digits as they are typed', () => {
    expect(reformatAmountInput('1000', 4)).toEqual({ text: '1.000', caret: 5 });
    expect(reformatAmountInput('1.0000', 6)).toEqual({ text: '10.000', caret: 6 });
    expect(reformatAmountInput('100.0000', 8)).toEqual({ text: '1.000.000', caret: 9 });
  });

  it('keeps the caret in the middle when a digit is inserted there', () => {
    // "1.000" with a 5 typed after the 1: "15.000" → caret after the 5.
    expect(reformatAmountInput('15.000', 2)).toEqual({ text: '15.000', caret: 2 });
    expect(reformatAmountInput('1.5000', 3)).toEqual({ text: '15.000', caret: 2 });
  });

  it('drops letters, leading zeros and signs', () => {
    expect(reformatAmountInput('00a12b3', 7)).toEqual({ text: '123', caret: 3 });
    expect(reformatAmountInput('', 0)).toEqual({ text: '', caret: 0 });
  });
});

describe('diacritic-insensitive search', () => {
  it('folds Vietnamese text', () => {
    expect(fold('Nguyễn Văn Đức')).toBe('nguyen van duc');
    expect(fold('  Phường   Sài Gòn ')).toBe('phuong sai gon');
  });

  it('matches every word of the query, without diacritics either side', () => {
    expect(matchesQuery('Phường Sài Gòn', 'sai gon')).toBe(true);
    expect(matchesQuery('Phường Sài Gòn', 'gon phuong')).toBe(true);
    expect(matchesQuery('Xã Đông Thạnh', 'dong thanh')).toBe(true);
    expect(matchesQuery('Xã Đông Thạnh', 'dong thuan')).toBe(false);
    expect(matchesQuery('anything', '')).toBe(true);
  });
});

describe('dates in Vietnam time (UTC+7)', () => {
  it('formats instants and days', () => {
    expect(formatDateTime('2025-11-21T03:00:00Z')).toBe('21/11/2025 10:00');
    expect(formatDateTime('2025-11-21T20:30:00Z')).toBe('22/11/2025 03:30');
    expect(formatDateTime('not a date')).toBe('not a date');
    expect(formatDate('2025-09-01')).toBe('01/09/2025');
  });

  it('turns a datetime-local value into ISO 8601 with +07:00', () => {
    expect(localInputToIso('2025-11-21T10:00')).toBe('2025-11-21T10:00:00+07:00');
    expect(localInputToIso('2025-11-21T10:00:30')).toBe('2025-11-21T10:00:30+07:00');
    expect(() => localInputToIso('yesterday')).toThrow(RangeError);
  });

  it('knows the date and time in Vietnam', () => {
    const now = new Date('2025-11-21T18:30:00Z');
    expect(nowLocalInput(now)).toBe('2025-11-22T01:30');
    expect(vietnamToday(now)).toBe('2025-11-22');
  });
});

describe('percentOf', () => {
  it('clamps and rounds to one decimal', () => {
    expect(percentOf(4_500_000_000, 5_000_000_000)).toBe(90);
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf(10, 5)).toBe(100);
    expect(percentOf(10, undefined)).toBeNull();
    expect(percentOf(10, 0)).toBeNull();
  });
});
