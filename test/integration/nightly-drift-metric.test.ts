/**
 * The nightly job's drift result reaches the operators' alarm: the Lambda handler emits the
 * `TotalsDrift` metric (Powertools metrics, CloudWatch embedded metric format on stdout) with the
 * number of drifted scopes per fund, which is what the `TotalsDrift > 0` alarm reads.
 *
 * Streams are off in this twin, so nothing applies the journal to the counters: a fund with
 * journal entries drifts by construction (its fund, ward and day counters all read 0), and a fund
 * without any does not.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import type { handler as nightlyHandler } from '../../functions/reports/nightly';
import { journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { startTestTwin } from '../support/twin';

const DATE = '2025-10-01';

interface EmfBlob {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

let twin: Twin;
let handler: typeof nightlyHandler;
let metricsDisabledBefore: string | undefined;
let quietFund: string;
let driftingFund: string;

const context = {
  functionName: 'sovang-nightly-report',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:sovang-nightly-report',
  memoryLimitInMB: '1769',
  awsRequestId: 'nightly-drift-metric-test',
  logGroupName: '/aws/lambda/sovang-nightly-report',
  logStreamName: 'test',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 900_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as unknown as Context;

/** Runs the Lambda handler and returns the EMF blobs it printed. */
async function invokeCapturingMetrics(event: unknown): Promise<EmfBlob[]> {
  const printed: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    await handler(event, context);
  } finally {
    write.mockRestore();
  }
  return printed
    .join('')
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfBlob);
}

function valuesOf(blobs: EmfBlob[], name: string): number[] {
  return blobs
    .filter((blob) => blob._aws.CloudWatchMetrics.some((set) => set.Metrics.some((metric) => metric.Name === name)))
    .flatMap((blob) => [blob[name]].flat() as number[]);
}

beforeAll(async () => {
  twin = await startTestTwin({ streams: false });
  // The twin turns Powertools metrics off for everything it runs; the handler under test gets a
  // fresh module graph, and so its own Metrics instance, with them on, as in Lambda.
  metricsDisabledBefore = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  vi.resetModules();
  ({ handler } = await import('../../functions/reports/nightly'));
  const suffix = randomUUID().slice(0, 8);
  quietFund = `drift-quiet-${suffix}`;
  driftingFund = `drift-loud-${suffix}`;
  await seedTestFund(twin, quietFund);
  await seedTestFund(twin, driftingFund);
  const at = (hhmm: string) => new Date(`${DATE}T${hhmm}:00+07:00`).toISOString();
  await writeJournal(twin, [
    journalEntry(driftingFund, at('09:00'), { type: 'RECEIPT_RECORDED', entityRef: 'R1', entityType: 'receipt', wardCode: '26734', deltas: { received: 500_000 } }),
    journalEntry(driftingFund, at('10:00'), { type: 'RECEIPT_RECORDED', entityRef: 'R2', entityType: 'receipt', wardCode: '26734', deltas: { received: 200_000 } }),
  ]);
}, 120_000);

afterAll(async () => {
  if (metricsDisabledBefore === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabledBefore;
  await twin?.stop();
});

describe('the nightly job in Lambda', () => {
  it('emits TotalsDrift per fund from the drift check it ran: 0 for a fund in step, the drifted scopes otherwise', async () => {
    const blobs = await invokeCapturingMetrics({ date: DATE, fundIds: [quietFund, driftingFund] });

    const drift = blobs.find((blob) => blob._aws.CloudWatchMetrics[0]!.Metrics.some((metric) => metric.Name === 'TotalsDrift'));
    expect(drift, 'an EMF blob carrying TotalsDrift').toBeDefined();
    expect(drift!._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'SoVang',
      Dimensions: [['service']],
      Metrics: expect.arrayContaining([{ Name: 'TotalsDrift', Unit: 'Count' }]),
    });
    expect(typeof drift!.service).toBe('string');
    // Funds are reported in id order: "drift-loud-…" before "drift-quiet-…". The drifting fund's
    // fund, ward and day counters are all behind its journal: three scopes.
    expect(valuesOf(blobs, 'TotalsDrift')).toEqual([3, 0]);
    expect(valuesOf(blobs, 'TotalsDriftUnchecked')).toEqual([]);
  }, 120_000);

  it('re-emits the published result when a night is run again, as the alarm expects every night', async () => {
    const blobs = await invokeCapturingMetrics({ date: DATE, fundIds: [driftingFund] });
    expect(valuesOf(blobs, 'TotalsDrift')).toEqual([3]);
  }, 120_000);
});
