/**
 * Only a finished day is reported (DESIGN §7): the nightly job and `npm run report` refuse today
 * and later days, whatever clock they read. The twin's clock starts where `SOVANG_NOW` says and
 * runs on, so a demo can live through an evening and report the day once it has closed.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNightly } from '../../functions/reports/nightly';
import { PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import * as clock from '../../shared/domain/clock';
import { addDays, vietnamToday } from '../../shared/domain/format';
import { UnprocessableError } from '../../shared/errors';
import { seedTestFund } from '../support/reports';
import { idem, request, startTestTwin } from '../support/twin';

const EVENING = '2025-09-02T23:40:00+07:00';
// A fund of this file's own: test files share one reports bucket.
const FUND = `finished-days-${randomUUID().slice(0, 8)}`;
let twin: Twin;

beforeAll(async () => {
  twin = await startTestTwin({ startAt: EVENING });
  await seedTestFund(twin, FUND);
});
afterAll(async () => twin?.stop());

describe('a day is reported only once it has finished', () => {
  it('starts the twin’s clock at SOVANG_NOW: a pledge made now belongs to that evening', async () => {
    const made = await request<{ ref: string; createdAt: string }>(twin, 'POST', '/v1/pledges', {
      body: { fundId: FUND, donor: { type: 'individual', name: 'Lê Thị Hoa' }, amount: 100_000, publishName: false },
      headers: idem(),
    });
    expect(made.status).toBe(201);
    expect(made.body.createdAt.slice(0, 10)).toBe('2025-09-02');
    expect(vietnamToday()).toBe('2025-09-02');
  });

  it('refuses the twin’s today and a later day, naming the date and when it closes, and publishes nothing', async () => {
    for (const date of ['2025-09-02', '2025-09-03']) {
      const refusal = await runNightly({ date, fundIds: [FUND] }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(UnprocessableError);
      expect((refusal as UnprocessableError).message).toMatch(new RegExp(`${date} has not finished; its report can run from ${addDays(date, 1)}T00:15:00\\+07:00`));
      expect((refusal as UnprocessableError).errors).toEqual([{ path: 'date', message: expect.stringMatching(/not a finished day/) }]);
      const index = await request(twin, 'GET', `/v1/reports/${FUND}/${date}/files/manifest.json`);
      expect(index.status).toBe(404);
    }
  });

  it('refuses the scheduled run that would report today (a clock skewed a day ahead), and reports yesterday', async () => {
    await expect(runNightly({ scheduledTime: '2025-09-03T23:35:00+07:00', fundIds: [FUND] })).rejects.toThrow(/2025-09-02 has not finished/);
    const yesterday = await runNightly({ fundIds: [FUND] });
    expect(yesterday.date).toBe('2025-09-01');
    expect(yesterday.failures).toEqual([]);
  });

  it('is refused by the report use case itself, so no caller (the demo, a script) can sign an unfinished day', async () => {
    const { runNightlyReports } = await import('../../shared/usecases/nightly-report');
    const { nightlyReportDeps } = await import('../../functions/reports/nightly-deps');
    const refusal = await runNightlyReports(nightlyReportDeps(), { date: '2025-09-02', fundIds: [FUND] }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(UnprocessableError);
    expect((refusal as UnprocessableError).message).toContain('2025-09-02 has not finished');
    expect((await request(twin, 'GET', `/v1/reports/${FUND}/2025-09-02/files/manifest.json`)).status).toBe(404);
  });

  it('reports the evening once the clock has run past its close', async () => {
    const run = await runNightly({ date: '2025-09-02', fundIds: [FUND] }, new Date('2025-09-03T00:15:00+07:00'));
    expect(run.failures).toEqual([]);
    expect(run.results[0]).toMatchObject({ fundId: FUND, date: '2025-09-02', status: 'published' });
  });

  it('`npm run report` refuses today, with a message and exit code 1', () => {
    // Another process, on the system's clock: today there is today.
    const today = vietnamToday(new Date(Date.now()));
    const run = spawnSync(join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx'), ['infra/local/report.ts', '--date', today, '--dynamo', process.env.DYNAMODB_ENDPOINT!, '--s3', process.env.S3_ENDPOINT!, '--table', process.env.TABLE_NAME!], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toContain(`${today} has not finished`);
    expect(run.status).toBe(1);
  });

  it('goes back to the system’s clock when the twin stops', async () => {
    const moved = await startTestTwin({ startAt: '2030-01-01T00:00:00+07:00' });
    expect(vietnamToday()).toBe('2030-01-01');
    await moved.stop();
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeLessThan(1_000);
  });
});
