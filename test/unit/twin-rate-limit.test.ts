import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createRateLimiter } from '../../infra/local/rate-limit';
import { routes } from '../../shared/routes';
import { TooManyRequestsError } from '../../shared/errors';

const createPledge = routes.find((route) => route.id === 'CreatePledge')!;

function requestFrom(address: string): IncomingMessage {
  return { headers: {}, socket: { remoteAddress: address } } as unknown as IncomingMessage;
}

describe('the twin’s rate limiter', () => {
  it('refuses a client past its route’s limit within the window, and admits it again after', () => {
    let at = 0;
    const limiter = createRateLimiter(() => at);
    const { requests, windowSeconds } = createPledge.anonymousRateLimit!;
    for (let i = 0; i < requests; i += 1) limiter.admit(createPledge, requestFrom('10.0.0.1'));
    expect(() => limiter.admit(createPledge, requestFrom('10.0.0.1'))).toThrow(TooManyRequestsError);
    limiter.admit(createPledge, requestFrom('10.0.0.2'));
    at += windowSeconds * 1000 + 1;
    expect(() => limiter.admit(createPledge, requestFrom('10.0.0.1'))).not.toThrow();
  });

  it('forgets clients whose requests have all left the longest window, so a long-running twin does not grow', () => {
    let at = 0;
    const limiter = createRateLimiter(() => at);
    for (let i = 0; i < 1000; i += 1) limiter.admit(createPledge, requestFrom(`10.0.${i >> 8}.${i & 255}`));
    expect(limiter.trackedClients()).toBe(1000);
    at += 11 * 60 * 1000;
    limiter.admit(createPledge, requestFrom('192.168.1.1'));
    expect(limiter.trackedClients()).toBe(1);
  });
});
