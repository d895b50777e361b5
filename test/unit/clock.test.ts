import { afterEach, describe, expect, it } from 'vitest';
import * as clock from '../../shared/domain/clock';
import { vietnamToday } from '../../shared/domain/format';
import { closingOf, isFinishedDay, lastFinishedDay } from '../../shared/reports/layout';

afterEach(() => clock.useClockOffset(0));

describe('the one clock', () => {
  it('reads the system clock until it is started elsewhere', () => {
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(50);
  });

  it('runs on from the instant it was started at', async () => {
    clock.startClockAt(new Date('2025-09-02T23:59:59.900+07:00'));
    expect(vietnamToday()).toBe('2025-09-02');
    await new Promise((r) => setTimeout(r, 150));
    expect(vietnamToday()).toBe('2025-09-03');
    expect(clock.clockOffsetMs()).toBeLessThan(0);
  });

  it('refuses an invalid starting instant and a non-finite offset', () => {
    expect(() => clock.startClockAt(new Date('not a date'))).toThrow(/invalid instant/);
    expect(() => clock.useClockOffset(Number.NaN)).toThrow(/finite/);
  });
});

describe('only finished days are reported', () => {
  it('closes a day a grace period after its midnight in Vietnam', () => {
    expect(closingOf('2025-09-01').toISOString()).toBe('2025-09-01T17:15:00.000Z');
  });

  it('refuses the day itself, its midnight and the grace period, and allows the instant it closes', () => {
    expect(isFinishedDay('2025-09-01', new Date('2025-09-01T12:00:00+07:00'))).toBe(false);
    expect(isFinishedDay('2025-09-01', new Date('2025-09-02T00:00:00+07:00'))).toBe(false);
    expect(isFinishedDay('2025-09-01', new Date('2025-09-02T00:14:59.999+07:00'))).toBe(false);
    expect(isFinishedDay('2025-09-01', new Date('2025-09-02T00:15:00+07:00'))).toBe(true);
    expect(isFinishedDay('2025-09-03', new Date('2025-09-02T12:00:00+07:00'))).toBe(false);
  });

  it('lets the scheduled run at 00:30 report the day before', () => {
    expect(isFinishedDay('2025-09-01', new Date('2025-09-02T00:30:00+07:00'))).toBe(true);
  });

  it('names yesterday as the last finished day, or the day before it in the grace minutes after midnight', () => {
    expect(lastFinishedDay(new Date('2025-09-02T00:15:00+07:00'))).toBe('2025-09-01');
    expect(lastFinishedDay(new Date('2025-09-02T23:59:00+07:00'))).toBe('2025-09-01');
    expect(lastFinishedDay(new Date('2025-09-02T00:14:59+07:00'))).toBe('2025-08-31');
    expect(isFinishedDay(lastFinishedDay(new Date('2025-09-02T00:00:00+07:00')), new Date('2025-09-02T00:00:00+07:00'))).toBe(true);
  });
});
