/**
 * Where a report lives in the bucket: `reports/<fundId>/<YYYY-MM-DD>/<file>`, its copy under
 * `reports/<fundId>/latest/`, the fund's list of reports in `reports/<fundId>/index.json`, and the
 * public keys in `reports/keys.json`. The same relative layout works from a downloaded folder.
 */
import { addDays, atVietnamTime, vietnamDay, vietnamToday } from '../domain/format';

export const REPORTS_PREFIX = 'reports';
export const KEYS_KEY = `${REPORTS_PREFIX}/keys.json`;
export const LATEST = 'latest';
export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

export const reportKey = (fundId: string, date: string, name: string) => `${REPORTS_PREFIX}/${fundId}/${date}/${name}`;
export const fundPrefix = (fundId: string) => `${REPORTS_PREFIX}/${fundId}/`;
export const indexKey = (fundId: string) => `${REPORTS_PREFIX}/${fundId}/index.json`;

/** `2025-09-01` → `2025-09-02T00:00:00+07:00`: local midnight at the end of the report's day. */
export function cutoffOf(date: string): string {
  return atVietnamTime(addDays(date, 1));
}

/** When the nightly job runs, Vietnam time: its schedule (shared/resources.ts) and what the portal tells donors. */
export const REPORT_TIME = { hour: 0, minute: 30 } as const;

/** The report an entry made at this instant belongs to: the one of its day in Vietnam. */
export function reportDateOf(isoInstant: string): string {
  return vietnamDay(isoInstant);
}

/** When the report of a date is published: `REPORT_TIME` on the next day, `2025-09-02T00:30:00+07:00`. */
export function publicationOf(date: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return atVietnamTime(addDays(date, 1), `${pad(REPORT_TIME.hour)}:${pad(REPORT_TIME.minute)}:00`);
}

/**
 * Stream records of a day's last entries may still be on their way at midnight: a day closes this
 * long after its end in Vietnam, before the job's run at 00:30 (DESIGN §7).
 */
export const DAY_GRACE_MINUTES = 15;

/** When a day is finished and its report may be built: `2025-09-02T00:15:00+07:00` for `2025-09-01`. */
export function closingOf(date: string): Date {
  return new Date(Date.parse(cutoffOf(date)) + DAY_GRACE_MINUTES * 60_000);
}

/** Only a finished day is reported: today's or a future day's report would be signed while money still arrives. */
export function isFinishedDay(date: string, now: Date): boolean {
  return now.getTime() >= closingOf(date).getTime();
}

/** Yesterday in Vietnam: the night the job at 00:30 reports on. */
export function reportDateFor(now: Date): string {
  return addDays(vietnamToday(now), -1);
}

/** The latest day whose report may run now: yesterday, or the day before in yesterday's grace minutes after midnight. */
export function lastFinishedDay(now: Date): string {
  const yesterday = reportDateFor(now);
  return isFinishedDay(yesterday, now) ? yesterday : addDays(yesterday, -1);
}

export function isValidDate(date: string): boolean {
  return DATE_PATTERN.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;
}

export interface ReportIndexItem {
  date: string;
  cutoff: string;
  treeSize: number;
  rootHash: string;
  manifestSha256: string;
  /** The open-data files the night published (format 2); absent: none. */
  openData?: string[];
}

export interface ReportIndex {
  format: string;
  fundId: string;
  reports: ReportIndexItem[];
}
