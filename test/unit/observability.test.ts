/**
 * The Powertools tracer: every deployed function runs in its middleware, and off Lambda (here, as
 * in the twin) it stays switched off without slowing the process down. That it records what it
 * should in Lambda is checked on the built bundles, in test/infra/app.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from '../../infra/local/lambda-context';
import { tracer } from '../../shared/observability';
import { bucketConsumers, schedules, streamConsumers } from '../../shared/resources';
import { fallbackEntry, routes } from '../../shared/routes';

type Handler = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/** Every function the CDK app deploys, with an event of its kind that it answers without the table. */
const deployed: { name: string; entry: string; event: unknown }[] = [
  ...routes.map((route) => ({
    name: route.id,
    entry: route.entry,
    event: { rawPath: route.path, routeKey: `${route.method} ${route.path}`, headers: {}, requestContext: { http: { method: route.method } } },
  })),
  { name: 'Fallback', entry: fallbackEntry, event: { rawPath: '/nowhere', headers: {}, requestContext: { http: { method: 'GET' } } } },
  ...streamConsumers.map((consumer) => ({ name: consumer.id, entry: consumer.entry, event: { Records: [] } })),
  ...bucketConsumers.map((consumer) => ({ name: consumer.id, entry: consumer.entry, event: { Records: [{ s3: { object: { key: 'not-a-statement.txt' } } }] } })),
  ...schedules.map((schedule) => ({ name: schedule.id, entry: schedule.entry, event: { date: 'not a date' } })),
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the Powertools tracer', () => {
  it('is off outside Lambda, with the X-Ray SDK in manual mode, so that it follows none of the process’s promises', async () => {
    // Loading a handler loads the X-Ray SDK; in its automatic mode it would register this namespace.
    await import('../../functions/totals/stream');
    expect(tracer.isTracingEnabled()).toBe(false);
    expect(process.env.AWS_XRAY_MANUAL_MODE).toBe('true');
    expect(Object.keys((process as { namespaces?: Record<string, unknown> }).namespaces ?? {})).not.toContain('AWSXRay');
  });

  it('wraps every deployed function: its middleware consults the tracer before and after each invocation', async () => {
    expect(deployed.length).toBe(routes.length + 1 + streamConsumers.length + bucketConsumers.length + schedules.length);
    const consulted = vi.spyOn(tracer, 'isTracingEnabled');
    for (const { name, entry, event } of deployed) {
      const { handler } = (await import(/* @vite-ignore */ `../../${entry}`)) as { handler: Handler };
      consulted.mockClear();
      // Refused, failed or answered: every outcome passes through the middleware.
      await handler(event, lambdaContext({ functionName: name, requestId: `observability-${name}`, timeoutMs: 30_000 })).catch(() => undefined);
      // Once when it opens the handler's subsegment, once when it closes it (an SDK client created
      // on first use asks once more).
      expect(consulted.mock.calls.length, `${name} (${entry})`).toBeGreaterThanOrEqual(2);
    }
  });
});
