/**
 * Faults the emulators cannot produce on demand, injected through the SDK's middleware stack:
 * throttling and transaction conflicts.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { dynamo } from '../../shared/adapters/dynamo/table';
import { allItems, countByKind, request, startTestTwin } from '../support/twin';

let twin: Twin;
beforeAll(async () => {
  twin = await startTestTwin();
});
afterAll(async () => twin?.stop());

const pledgeBody = (amount: number) => ({ fundId: 'cuba-2025', donor: { type: 'individual', name: 'Đỗ Minh Châu' }, amount, publishName: true });

function serviceError(name: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(name), { name, $fault: 'server', $metadata: { httpStatusCode: 400 }, ...extra });
}

/** Fails the next `times` TransactWriteItems calls with `error()`, inside the SDK's retry loop. */
function injectTransactFailures(times: number, error: () => Error): { remaining: () => number } {
  let left = times;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'TransactWriteItemsCommand' && left > 0) {
        left--;
        throw error();
      }
      return next(args);
    },
    { step: 'finalizeRequest', name: 'faultInjection', override: true },
  );
  return { remaining: () => left };
}

afterEach(() => {
  dynamo().middlewareStack.remove('faultInjection');
});

describe('throttling', () => {
  it('absorbs a short burst of throttling: the SDK retries and the pledge is written once', async () => {
    const faults = injectTransactFailures(2, () => serviceError('ThrottlingException', { $retryable: { throttling: true } }));
    const before = countByKind(await allItems(twin));
    const response = await request(twin, 'POST', '/v1/pledges', { body: pledgeBody(11_000), headers: { 'idempotency-key': randomUUID() } });
    expect(response.status).toBe(201);
    expect(faults.remaining()).toBe(0);
    const after = countByKind(await allItems(twin));
    expect(after.PLEDGE).toBe((before.PLEDGE ?? 0) + 1);
    expect(after.JOURNAL).toBe((before.JOURNAL ?? 0) + 1);
  });

  it('answers sustained throttling with 503 and Retry-After, and writes nothing', async () => {
    injectTransactFailures(1_000, () => serviceError('ThrottlingException', { $retryable: { throttling: true } }));
    const before = (await allItems(twin)).length;
    const response = await request(twin, 'POST', '/v1/pledges', { body: pledgeBody(12_000), headers: { 'idempotency-key': randomUUID() } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    dynamo().middlewareStack.remove('faultInjection');
    expect((await allItems(twin)).length).toBe(before);
  });
});

describe('transaction conflicts', () => {
  it('retries a command whose transaction was cancelled by a conflict, and writes it once', async () => {
    const conflict = () =>
      serviceError('TransactionCanceledException', {
        CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }, { Code: 'None' }],
      });
    const faults = injectTransactFailures(3, conflict);
    const key = randomUUID();
    const response = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', { body: pledgeBody(13_000), headers: { 'idempotency-key': key } });
    expect(response.status).toBe(201);
    expect(faults.remaining()).toBe(0);
    const items = await allItems(twin);
    expect(items.filter((i) => i.kind === 'PLEDGE' && i.amount === 13_000)).toHaveLength(1);
    expect(items.filter((i) => i.kind === 'JOURNAL' && i.entityRef === response.body.ref)).toHaveLength(1);
  });
});
