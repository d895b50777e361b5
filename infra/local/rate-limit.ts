/**
 * The twin's stand-in for the WAF's rate-based rules (infra/stacks/firewall-stack.ts): both read
 * `anonymousRateLimit` and `pathRateLimit` from the route declarations. A sliding log per client
 * address and route, and per path of a route; callers with a staff token or an organisation key
 * are not counted where the route reads them, as the WAF rule scopes them out.
 */
import type { IncomingMessage } from 'node:http';
import { TooManyRequestsError } from '../../shared/errors';
import type { RateLimit, RouteDef } from '../../shared/routes/route';

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
      if (!times.length || times[times.length - 1]! <= at - LONGEST_WINDOW_MS) seen.delete(key);
    }
  }
  /** The refusal when `key` has used up `limit` within its window; null while it has not. */
  function overLimit(key: string, limit: RateLimit, at: number): { limit: RateLimit; retryAfter: number } | null {
    const windowMs = limit.windowSeconds * 1000;
    const recent = (seen.get(key) ?? []).filter((t) => t > at - windowMs);
    seen.set(key, recent);
    if (recent.length < limit.requests) return null;
    return { limit, retryAfter: Math.max(1, Math.ceil((recent[0]! + windowMs - at) / 1000)) };
  }
  return {
    trackedClients: () => seen.size,
    admit(route, req) {
      const counted = route.access.kind === 'public' || !(req.headers.authorization || req.headers['x-api-key']);
      if (!counted) return;
      const keys: [string, RateLimit][] = [];
      if (route.anonymousRateLimit) keys.push([`${route.id}#${clientAddress(req)}`, route.anonymousRateLimit]);
      if (route.pathRateLimit) keys.push([`${route.id}#path#${new URL(req.url ?? '/', 'http://twin').pathname}`, route.pathRateLimit]);
      if (!keys.length) return;
      const at = now();
      sweep(at);
      for (const [key, limit] of keys) {
        const refusal = overLimit(key, limit, at);
        if (!refusal) continue;
        const { requests, windowSeconds } = refusal.limit;
        const [vi, en] = key.includes('#path#') ? ['cho mã này', 'for this code'] : ['từ địa chỉ này', 'from this address'];
        throw new TooManyRequestsError(
          `Quá ${requests} yêu cầu trong ${windowSeconds} giây ${vi}; thử lại sau ${refusal.retryAfter} giây / More than ${requests} requests in ${windowSeconds} s ${en}; retry in ${refusal.retryAfter} s`,
          refusal.retryAfter,
        );
      }
      for (const [key] of keys) seen.get(key)!.push(at);
    },
  };
}
