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
}

/** The client's address as CloudFront hands it on (the first `X-Forwarded-For`), else the socket's. */
function clientAddress(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return first || req.socket.remoteAddress || 'unknown';
}

export function createRateLimiter(now: () => number = Date.now): RateLimiter {
  const seen = new Map<string, number[]>();
  return {
    admit(route, req) {
      const limit = route.anonymousRateLimit;
      if (!limit || req.headers.authorization || req.headers['x-api-key']) return;
      const key = `${route.id}#${clientAddress(req)}`;
      const at = now();
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
