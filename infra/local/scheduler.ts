/**
 * The twin's EventBridge Scheduler: it reads the same `schedules` declarations as the CDK app
 * and, at each cron time in the schedule's time zone, invokes the entry module's handler in this
 * process with the declared input, `<aws.scheduler.scheduled-time>` filled in as AWS does.
 *
 * Only what our schedules use is supported: minutes and hours as `*`, numbers, lists, ranges
 * and `*∕n`; the other fields must be `*` or `?`. Anything else is refused rather than misread.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as clock from '../../shared/domain/clock';

export interface ScheduleDeclaration {
  id: string;
  entry: string;
  cron: string;
  timezone: string;
  input?: Record<string, unknown>;
}

/** EventBridge Scheduler's context attribute, substituted into the input as AWS does. */
function resolveInput(input: Record<string, unknown> | undefined, at: Date): Record<string, unknown> {
  const text = JSON.stringify(input ?? { scheduledTime: '<aws.scheduler.scheduled-time>' });
  return JSON.parse(text.replaceAll('<aws.scheduler.scheduled-time>', at.toISOString())) as Record<string, unknown>;
}

function parseField(field: string, min: number, max: number): number[] {
  const values = new Set<number>();
  for (const part of field.split(',')) {
    const step = /^(\*|\d+(?:-\d+)?)\/(\d+)$/.exec(part);
    const [range, by] = step ? [step[1]!, Number(step[2])] : [part, 1];
    let [from, to] = [min, max];
    if (range !== '*') {
      const bounds = range.split('-').map(Number);
      from = bounds[0]!;
      to = bounds[1] ?? (step ? max : from);
    }
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < min || to > max || from > to || by < 1) {
      throw new Error(`unsupported cron field ${field}`);
    }
    for (let v = from; v <= to; v += by) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

export function parseCron(expression: string): { minutes: number[]; hours: number[] } {
  const match = /^cron\((.+)\)$/.exec(expression.trim());
  const fields = match?.[1]!.trim().split(/\s+/);
  if (!fields || fields.length !== 6) throw new Error(`not an EventBridge cron expression: ${expression}`);
  const [minutes, hours, ...rest] = fields as [string, string, ...string[]];
  if (rest.some((f) => f !== '*' && f !== '?')) throw new Error(`the local scheduler only runs daily schedules: ${expression}`);
  return { minutes: parseField(minutes, 0, 59), hours: parseField(hours, 0, 23) };
}

/** Minutes to add to UTC to get the wall clock of `timeZone` at `instant`. */
export function zoneOffsetMinutes(timeZone: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((wall - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** The first run strictly after `after`. */
export function nextRun(expression: string, timeZone: string, after: Date): Date {
  const { minutes, hours } = parseCron(expression);
  const offset = zoneOffsetMinutes(timeZone, after);
  const localDay = new Date(after.getTime() + offset * 60_000);
  const dayStart = Date.UTC(localDay.getUTCFullYear(), localDay.getUTCMonth(), localDay.getUTCDate());
  for (let day = 0; day < 3; day++) {
    for (const hour of hours) {
      for (const minute of minutes) {
        const wall = dayStart + day * 86_400_000 + (hour * 60 + minute) * 60_000;
        const guess = new Date(wall - offset * 60_000);
        // Re-read the offset at the candidate itself, for zones that change it (Vietnam does not).
        const instant = new Date(wall - zoneOffsetMinutes(timeZone, guess) * 60_000);
        if (instant > after) return instant;
      }
    }
  }
  throw new Error(`no run of ${expression} within two days`);
}

type ScheduledHandler = (event: unknown, context: unknown) => Promise<unknown>;

export interface LocalScheduler {
  nextRuns(): Record<string, string>;
  stop(): Promise<void>;
}

export function startScheduler(options: {
  root: string;
  schedules: readonly ScheduleDeclaration[];
  log?: (line: string) => void;
  now?: () => Date;
}): LocalScheduler {
  const log = options.log ?? (() => undefined);
  const now = options.now ?? clock.now;
  const timers = new Map<string, NodeJS.Timeout>();
  const next = new Map<string, Date>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const arm = (schedule: ScheduleDeclaration) => {
    if (stopped) return;
    const at = nextRun(schedule.cron, schedule.timezone, now());
    next.set(schedule.id, at);
    const timer = setTimeout(() => {
      arm(schedule);
      const run = (async () => {
        log(`schedule ${schedule.id}: running ${schedule.entry}`);
        try {
          const module = (await import(pathToFileURL(resolve(options.root, schedule.entry)).href)) as { handler: ScheduledHandler };
          await module.handler(resolveInput(schedule.input, at), { functionName: schedule.id, awsRequestId: `schedule-${at.getTime()}` });
          log(`schedule ${schedule.id}: done`);
        } catch (error) {
          log(`schedule ${schedule.id}: failed: ${(error as Error).message}`);
        }
      })();
      running.add(run);
      void run.finally(() => running.delete(run));
    }, Math.max(0, at.getTime() - now().getTime()));
    // A scheduled job never keeps the process alive on its own, as in tests.
    timer.unref();
    timers.set(schedule.id, timer);
  };

  for (const schedule of options.schedules) arm(schedule);
  return {
    nextRuns: () => Object.fromEntries([...next].map(([id, at]) => [id, at.toISOString()])),
    async stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
  };
}
