/**
 * The twin's stand-in for the WAF's rate-based rules (infra/stacks/firewall-stack.ts): both read
 * `anonymousRateLimit` from the route declarations. A sliding log per client address and route;
 * callers with a staff token or an organisation key are not counted, as the WAF rule scopes them out.
 */
import type { IncomingMessage } from 'node:http';
import { TooManyRequestsError } from '../../shared/errors';
import type { RouteDef } from '../../shared/routes/route';

export interface RateLimiter {
  /** Throws TooManyRequestsError when this request is one too many for its client and route. */
  admit(route: RouteDef, req: IncomingMessage): void;
  /** How many client-and-route logs it holds: a log is forgotten once its window has passed. */
  trackedClients(): number;
}

/** The longest window a route may declare (`RouteDef.anonymousRateLimit`). */
const LONGEST_WINDOW_MS = 600_000;

/** The client's address as CloudFront hands it on (the first `X-Forwarded-For`), else the socket's. */
function clientAddress(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const seen = new Map<string, number[]>();
  let lastSweep = now();
  // A twin may run for days: addresses whose every request left the longest window are dropped,
  // at most once per window, so the map holds only the clients of the last few minutes.
  function sweep(at: number): void {
    if (at - lastSweep < LONGEST_WINDOW_MS) return;
    lastSweep = at;
    for (const [key, times] of seen) {
      if (times[times.length - 1]! <= at - LONGEST_WINDOW_MS) seen.delete(key);
    }
  }
  return {
    trackedClients: () => seen.size,
    admit(route, req) {
      const limit = route.anonymousRateLimit;
      if (!limit || req.headers.authorization || req.headers['x-api-key']) return;
      const key = `${route.id}#${clientAddress(req)}`;
      const at = now();
      sweep(at);
      const windowMs = limit.windowSeconds * 1000;
      const recent = (seen.get(key) ?? []).filter((t) => t > at - windowMs);
      if (recent.length >= limit.requests) {
        seen.set(key, recent);
        const retryAfter = Math.max(1, Math.ceil((recent[0]! + windowMs - at) / 1000));
        throw new TooManyRequestsError(
          `Quá ${limit.requests} yêu cầu trong ${limit.windowSeconds} giây từ địa chỉ này; thử lại sau ${retryAfter} giây / More than ${limit.requests} requests in ${limit.windowSeconds} s from this address; retry in ${retryAfter} s`,
          retryAfter,
        );
      }
      recent.push(at);
      seen.set(key, recent);
    },
  };
}
