import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  atVietnamTime,
  formatDate,
  formatDateTime,
  formatInteger,
  formatVnd,
  groupDigits,
  vietnamDay,
  vietnamMinute,
  vietnamTime,
  vietnamToday,
} from '../../shared/domain/format';

describe('the calendar day in Vietnam (UTC+7, no daylight saving)', () => {
  it('puts 17:00 UTC and later on the next day', () => {
    expect(vietnamDay('2025-09-01T16:59:59.999Z')).toBe('2025-09-01');
    expect(vietnamDay('2025-09-01T17:00:00.000Z')).toBe('2025-09-02');
    expect(vietnamDay('2025-09-01T23:30:00+07:00')).toBe('2025-09-01');
    expect(vietnamDay('2025-12-31T17:00:00Z')).toBe('2026-01-01');
  });

  it('is the same day in January and in July (no daylight saving)', () => {
    expect(vietnamDay('2025-01-15T17:00:00Z')).toBe('2025-01-16');
    expect(vietnamDay('2025-07-15T17:00:00Z')).toBe('2025-07-16');
  });

  it('agrees with the wall clock it prints, for any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const iso = new Date(ms).toISOString();
        const now = new Date(ms);
        return vietnamTime(iso).slice(0, 10) === vietnamDay(iso) && vietnamToday(now) === vietnamDay(iso) && vietnamMinute(now).startsWith(vietnamDay(iso));
      }),
    );
  });

  it('reads back the instant it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (seconds) => {
        const ms = Math.floor(seconds / 1000) * 1000;
        return Date.parse(vietnamTime(new Date(ms).toISOString())) === ms;
      }),
    );
  });
});

describe('Vietnam time with its offset', () => {
  it('prints an instant as Vietnam wall clock with +07:00', () => {
    expect(vietnamTime('2025-09-01T17:03:05.123Z')).toBe('2025-09-02T00:03:05+07:00');
    expect(vietnamTime('not a time')).toBe('not a time');
  });

  it('turns a Vietnam wall-clock date and time into an unambiguous instant', () => {
    expect(atVietnamTime('2025-09-01', '08:12:41')).toBe('2025-09-01T08:12:41+07:00');
    expect(atVietnamTime('2025-09-01')).toBe('2025-09-01T00:00:00+07:00');
    expect(new Date(atVietnamTime('2025-09-01')).toISOString()).toBe('2025-08-31T17:00:00.000Z');
  });

  it('gives the wall clock to the minute, as a datetime-local input takes it', () => {
    expect(vietnamMinute(new Date('2025-11-21T18:30:59Z'))).toBe('2025-11-22T01:30');
  });

  it('adds days across months, years and leap days', () => {
    expect(addDays('2025-09-01', 1)).toBe('2025-09-02');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('writes dates and times the way Vietnamese read them', () => {
    expect(formatDate('2025-09-01')).toBe('01/09/2025');
    expect(formatDate('soon')).toBe('soon');
    expect(formatDateTime('2025-11-21T03:00:00Z')).toBe('21/11/2025 10:00');
    expect(formatDateTime('2025-11-21T20:30:00Z')).toBe('22/11/2025 03:30');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('VND amounts', () => {
  it.each([
    [0, '0 ₫'],
    [999, '999 ₫'],
    [1_000, '1.000 ₫'],
    [12_345_678, '12.345.678 ₫'],
    [-500_000, '-500.000 ₫'],
    [Number.MAX_SAFE_INTEGER, '9.007.199.254.740.991 ₫'],
  ])('%i → %s', (amount, text) => expect(formatVnd(amount)).toBe(text));

  it('leaves the symbol out on request, and groups plain integers and digit strings alike', () => {
    expect(formatVnd(1_000_000, { symbol: false })).toBe('1.000.000');
    expect(formatInteger(-1_234_567)).toBe('-1.234.567');
    expect(groupDigits('12345678901234567890')).toBe('12.345.678.901.234.567.890');
  });

  it('prints digits that read back as the same amount', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => Number(formatVnd(n, { symbol: false }).replace(/\./g, '')) === n));
  });
});
